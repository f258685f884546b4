import Foundation
import Testing
@testable import Chronicle

/// Each story auditors look for is in the simulated log (all on one day here).
@Suite struct SimulationStoryTests {
    let log = SimulatedLog.shared

    /// Decisions and rejections with their reasons, and the other events, in log order.
    struct Facts {
        var events: [Event] = []
        var decisions: [(event: Event, reasons: [String], username: String?, operation: String)] = []
        var rejections: [(event: Event, reasons: [String], principalId: String)] = []

        init(_ events: [Event]) {
            self.events = events
            for event in events {
                if event.type == EventType.accessDecided.rawValue {
                    let reasons = event.data["outcome"]?["reasons"]?.stringArrayValue ?? []
                    decisions.append((event, reasons, event.data["token"]?["claims"]?["username"]?.stringValue,
                                      event.data["request"]?["operation"]?.stringValue ?? ""))
                } else if event.type == EventType.tokenRejected.rawValue {
                    rejections.append((event, event.data["reasons"]?.stringArrayValue ?? [],
                                       event.data["request"]?["principalId"]?.stringValue ?? ""))
                }
            }
        }

        func first(_ type: String, where predicate: (Event) -> Bool = { _ in true }) -> Event? {
            events.first { $0.type == type && predicate($0) }
        }

        func decisions(with reason: String) -> [Event] {
            decisions.filter { $0.reasons.contains(reason) }.map(\.event)
        }
    }

    func facts() throws -> Facts {
        _ = try #require(log.summary, "simulation failed: \(log.failure ?? "?")")
        return Facts(try log.events())
    }

    @Test func issuanceStopsWithCredentialExpiredOnceTheClientSecretExpires() throws {
        let facts = try facts()
        let created = try #require(facts.first("secret.created") { $0.subject == "sec-sp-analytics" })
        let expiry = try #require(created.data["expiresAt"]?.stringValue.flatMap { Timestamp(rfc3339: $0) })
        #expect(created.data["kind"] == "clientSecret")
        let expired = facts.rejections.filter { $0.reasons.contains("credential.expired") }
        #expect(!expired.isEmpty)
        #expect(expired.allSatisfy { $0.event.time >= expiry && $0.principalId == "sp-analytics" })
        // The rotation that renews it ends the rejections.
        let rotation = try #require(facts.first("secret.rotated") { $0.subject == "sec-sp-analytics" })
        #expect(expired.allSatisfy { $0.event.time < rotation.time })
        #expect(facts.first("token.issued") { $0.time > rotation.time && $0.data["request"]?["principalId"] == "sp-analytics" } != nil)
    }

    @Test func keysAreRotatedWithAndWithoutAGraceWindow() throws {
        let facts = try facts()
        let primary = try #require(facts.first("secret.rotated") { $0.subject == "sec-embed-primary" })
        let secondary = try #require(facts.first("secret.rotated") { $0.subject == "sec-embed-secondary" })
        let grace = try #require(primary.data["previousValidUntil"]?.stringValue.flatMap { Timestamp(rfc3339: $0) })
        #expect(grace == primary.time.adding(milliseconds: 3_600_000))
        #expect(secondary.data["previousValidUntil"] == .null)

        let superseded = facts.decisions(with: "key.superseded")
        let primaryOld = superseded.filter { $0.data["token"]?["kid"] == "sec-embed-primary@1" }
        let secondaryOld = superseded.filter { $0.data["token"]?["kid"] == "sec-embed-secondary@1" }
        #expect(!primaryOld.isEmpty && primaryOld.allSatisfy { $0.time >= grace })
        #expect(!secondaryOld.isEmpty && secondaryOld.allSatisfy { $0.time >= secondary.time })
        // Inside the grace window a version-1 token of the primary key still passes.
        #expect(facts.decisions.contains {
            $0.event.time > primary.time && $0.event.time < grace && $0.reasons.isEmpty
                && $0.event.data["token"]?["kid"] == "sec-embed-primary@1"
        })
    }

    @Test func removingAnRLSAssignmentDeniesTheUsersLiveToken() throws {
        let facts = try facts()
        let removal = try #require(facts.first("rls.unassigned"))
        let user = try #require(removal.data["member"]?.stringValue)
        #expect(user == "erin@contoso.com")
        let before = facts.decisions.filter { $0.username == user && $0.event.time < removal.time }
        let after = facts.decisions.filter { $0.username == user && $0.event.time > removal.time }
        #expect(before.contains { $0.reasons.isEmpty })
        #expect(!after.isEmpty && after.allSatisfy { $0.reasons.contains("rls.user_not_associated") })
    }

    @Test func aGroupChangeMovesAUsersRoles() throws {
        let facts = try facts()
        let left = try #require(facts.first("group.member.removed") { $0.data["userId"] == "dev@contoso.com" })
        let joined = try #require(facts.first("group.member.added") { $0.data["userId"] == "dev@contoso.com" && $0.time >= left.time })
        #expect(left.data["groupId"] == "grp-sales-east" && joined.data["groupId"] == "grp-sales-west")
        let after = facts.decisions.filter { $0.username == "dev@contoso.com" && $0.event.time > joined.time }
        #expect(after.contains { $0.reasons.contains("rls.user_not_associated") })
        #expect(after.contains { $0.event.data["outcome"]?["roles"] == ["Region-West"] })
    }

    @Test func forgedAndTamperedTokensFailTheSignatureCheck() throws {
        let facts = try facts()
        let invalid = facts.decisions(with: "token.signature_invalid")
        #expect(invalid.count >= 3)
        #expect(invalid.allSatisfy { $0.data["token"]?["signatureValid"] == false })
        #expect(!facts.decisions(with: "token.malformed").isEmpty)
        // Every genuine token passes the check.
        let genuine = facts.decisions.filter { !$0.reasons.contains("token.signature_invalid") && !$0.reasons.contains("token.malformed") }
        #expect(genuine.allSatisfy { $0.event.data["token"]?["signatureValid"] == true })
    }

    @Test func revokedTokensAndKeysAreDenied() throws {
        let facts = try facts()
        let revoked = try #require(facts.first("token.revoked"))
        #expect(facts.decisions(with: "token.revoked").contains { $0.time > revoked.time })
        let legacy = try #require(facts.first("secret.revoked") { $0.subject == "sec-embed-legacy" })
        #expect(facts.decisions(with: "key.revoked").allSatisfy { $0.time >= legacy.time })
        #expect(facts.rejections.contains { $0.reasons.contains("key.revoked") })
    }

    @Test func everyOperationOfTheScopesTableOccurs() throws {
        let facts = try facts()
        let operations = Set(facts.decisions.map(\.operation))
        for operation in Operation.allCases { #expect(operations.contains(operation.rawValue), "\(operation) never occurs") }
        for operation in Operation.allCases {
            #expect(facts.decisions.contains { $0.operation == operation.rawValue && $0.reasons.isEmpty },
                    "\(operation) is never allowed")
        }
    }

    @Test func theTenantHasMasterUsersServicePrincipalsAndEveryKindOfDataset() throws {
        let facts = try facts()
        let kinds = Set(facts.events.filter { $0.type == "principal.registered" }.compactMap { $0.data["kind"]?.stringValue })
        #expect(kinds == ["masterUser", "servicePrincipal"])
        let rls = Set(facts.events.filter { $0.type == "dataset.configured" }.compactMap { $0.data["rlsType"]?.stringValue })
        #expect(rls.isSuperset(of: ["none", "cloud", "rdl"]))
        #expect(facts.rejections.contains { $0.reasons == ["rdl.master_user"] && $0.principalId == "alice@contoso.com" })
        #expect(facts.rejections.contains { $0.reasons == ["rls.identity_required"] && $0.principalId == "sp-analytics" })
    }

    @Test func someTokensAreCappedByEntraAndSomeRenewEarlierOnes() throws {
        let facts = try facts()
        let issued = facts.events.filter { $0.type == EventType.tokenIssued.rawValue }
        let capped = issued.filter { IssuanceRequest.isCappedByEntra($0.data["request"] ?? .null, issuedAt: $0.time) }
        #expect(capped.count * 10 > issued.count, "more than a tenth of the tokens are cut short by the Entra token")
        let renewals = issued.filter { $0.data["renews"]?.stringValue != nil }
        #expect(!renewals.isEmpty)
        // A renewal comes before the renewed token's expiry, most of the time.
        let expiries = Dictionary(uniqueKeysWithValues: issued.map {
            ($0.data["tokenId"]?.stringValue ?? "", $0.data["expiresAt"]?.stringValue.flatMap { Timestamp(rfc3339: $0) })
        })
        let early = renewals.filter { renewal in
            guard let expiry = expiries[renewal.data["renews"]?.stringValue ?? ""] ?? nil else { return false }
            return renewal.time < expiry
        }
        #expect(early.count * 2 > renewals.count)
    }

    @Test func unknownEventTypesAreIncluded() throws {
        let facts = try facts()
        let notes = facts.events.filter { $0.type == "audit.note" }
        #expect(notes.count >= 4)
        #expect(EventType(rawValue: "audit.note") == nil)
    }
}
