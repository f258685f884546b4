// swift-tools-version:6.0
// Chronicle: an append-only, hash-chained audit log for an embedded-analytics
// token service, with projections and a replay tool. Toolchain only: no
// package dependencies.
import PackageDescription

let package = Package(
    name: "Chronicle",
    products: [
        .library(name: "Chronicle", targets: ["Chronicle"]),
        .library(name: "ChronicleTesting", targets: ["ChronicleTesting"]),
        .executable(name: "chronicle", targets: ["chronicle"]),
    ],
    targets: [
        // SHA-256 compression with the CPU's SHA extensions, detected at run
        // time; the Swift implementation in Chronicle stays the reference.
        .target(name: "CSHA256"),
        .target(name: "Chronicle", dependencies: ["CSHA256"]),
        .target(name: "ChronicleTesting", dependencies: ["Chronicle"]),
        .target(name: "ChronicleCommands", dependencies: ["Chronicle"]),
        .executableTarget(name: "chronicle", dependencies: ["ChronicleCommands"]),
        .testTarget(name: "ChronicleTests", dependencies: ["Chronicle", "ChronicleTesting"]),
        .testTarget(name: "ChronicleCommandsTests", dependencies: ["ChronicleCommands", "Chronicle", "ChronicleTesting"]),
        .testTarget(name: "ChronicleTestingTests", dependencies: ["ChronicleTesting", "Chronicle"]),
    ],
    swiftLanguageModes: [.v6]
)
