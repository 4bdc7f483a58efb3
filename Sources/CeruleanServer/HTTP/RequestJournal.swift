import CeruleanJSON
import Foundation
import Synchronization

/// The last requests the server answered (a bounded ring buffer), so a user's test can assert
/// what its code sent. Keys and tokens are never recorded: only method, path, query (redacted by
/// `Redaction`), status and timing.
final class RequestJournal: Sendable {
    struct Entry: Sendable {
        let time: Date
        let method: String
        let path: String
        /// The query string as sent, redacted by `Redaction`.
        let query: String?
        let status: Int
        let milliseconds: Double
        let requestID: String
    }

    let capacity: Int
    private let state = Mutex<(entries: [Entry], next: Int, total: Int)>(([], 0, 0))

    init(capacity: Int = 1000) {
        self.capacity = max(1, capacity)
    }

    func record(_ entry: Entry) {
        state.withLock { s in
            if s.entries.count < capacity { s.entries.append(entry) } else { s.entries[s.next] = entry }
            s.next = (s.next + 1) % capacity
            s.total += 1
        }
    }

    /// Oldest first.
    var entries: [Entry] {
        state.withLock { s in
            s.entries.count < capacity ? s.entries : Array(s.entries[s.next...] + s.entries[..<s.next])
        }
    }

    var total: Int { state.withLock { $0.total } }

    func clear() {
        state.withLock { $0 = ([], 0, 0) }
    }

    func json(limit: Int?) -> JSON {
        var items = entries
        if let limit, limit >= 0 { items = Array(items.suffix(limit)) }
        return [
            "total": JSON(total), "capacity": JSON(capacity),
            "value": .array(items.map { e in
                [
                    "time": .string(e.time.formatted(.iso8601)), "method": .string(e.method), "path": .string(e.path),
                    "query": JSON(e.query), "status": JSON(e.status), "durationMs": .number((e.milliseconds * 10).rounded() / 10),
                    "requestId": .string(e.requestID),
                ]
            }),
        ]
    }
}
