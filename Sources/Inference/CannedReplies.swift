import Synchronization

/// Replies queued for an endpoint through the admin API: served in order, one per choice, then
/// the other responders answer again.
public final class CannedReplies: Responder {
    private let queues = Mutex<[String: [Reply]]>([:])

    public init() {}

    /// Appends replies to the endpoint's queue (by endpoint name, case-insensitive).
    public func enqueue(_ replies: [Reply], forEndpoint name: String) {
        queues.withLock { $0[name.lowercased(), default: []].append(contentsOf: replies) }
    }

    public func clear(endpoint name: String) {
        _ = queues.withLock { $0.removeValue(forKey: name.lowercased()) }
    }

    public func pending(endpoint name: String) -> Int {
        queues.withLock { $0[name.lowercased()]?.count ?? 0 }
    }

    public func reply(to request: ChatRequest, endpoint: InferenceEndpoint, index: Int) -> Reply? {
        queues.withLock { all in
            let key = endpoint.name.lowercased()
            guard var queue = all[key], !queue.isEmpty else { return nil }
            let next = queue.removeFirst()
            all[key] = queue.isEmpty ? nil : queue
            return next
        }
    }
}
