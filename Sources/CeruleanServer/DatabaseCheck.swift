import Foundation
import Store
import Synchronization

/// Whether the database answers, asked at most once a second so a health probe stays cheap.
final class DatabaseCheck: Sendable {
    let store: Store
    private let last = Mutex<(at: Date, result: Result<Int, any Error>)?>(nil)

    init(store: Store) {
        self.store = store
    }

    /// The resource count, or the error the database gave.
    func result() async -> Result<Int, any Error> {
        let now = Date()
        if let cached = last.withLock({ $0 }), now.timeIntervalSince(cached.at) < 1 { return cached.result }
        let result: Result<Int, any Error>
        do { result = .success(try await store.read { tx in try tx.resourceCount() }) } catch { result = .failure(error) }
        last.withLock { $0 = (now, result) }
        return result
    }
}
