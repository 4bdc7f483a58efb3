import ARM
import Foundation
import Synchronization

/// Each principal's role assignments, read once and kept while the store's access version is
/// unchanged. Every write of an assignment or custom role (and every scope removal) stores a new
/// version in the same transaction, so a cached answer is never older than what the check's own
/// read transaction sees; a reset or restore drops the version with everything else.
final class AccessCache: Sendable {
    static let collection = "authorization"
    static let versionKey = "accessVersion"

    /// (lower-cased scope key, role GUID) per assignment of one principal.
    typealias Grants = [(scope: String, role: String)]

    private struct State {
        var version = ""
        var principals: [String: Grants] = [:]
    }

    private let state = Mutex(State())

    /// Marks every cached answer stale (inside the changing transaction).
    static func bump(_ session: ResourceSession) throws {
        try session.transaction.saveDocument(collection, key: versionKey, body: Data(UUID().uuidString.utf8), at: session.now)
    }

    /// The grants of `principal` (lower-cased) as of `session`'s transaction.
    func grants(of principal: String, _ session: ResourceSession) throws -> Grants {
        let version = try session.transaction.document(Self.collection, key: Self.versionKey).map { String(decoding: $0, as: UTF8.self) } ?? ""
        if let cached: Grants = state.withLock({ $0.version == version ? $0.principals[principal] : nil }) { return cached }
        let grants: Grants = try RoleAssignments(session: session).all()
            .filter { $0.principalID.lowercased() == principal }
            .map { ($0.extensionScope.key, $0.roleName) }
        state.withLock { s in
            if s.version != version { s = State(version: version, principals: [:]) }
            s.principals[principal] = grants
        }
        return grants
    }
}
