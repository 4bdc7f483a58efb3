import Synchronization

/// The earliest time any pending operation may be due, kept in memory beside the store:
/// lowered by every save of a due row, set exactly after each settling pass.
final class DueHint: Sendable {
    private let earliest = Mutex(Double.infinity)

    var value: Double { earliest.withLock { $0 } }

    func lower(to time: Double) {
        earliest.withLock { $0 = min($0, time) }
    }

    func set(_ time: Double) {
        earliest.withLock { $0 = time }
    }
}
