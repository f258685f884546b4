enum ChronicleTestingModule { static let name = "ChronicleTesting" }
