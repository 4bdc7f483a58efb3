import HummingbirdCore
import Logging
import NIOCore
import Synchronization

/// Keeps one listener's open connections under a budget, so the process never runs out of file
/// descriptors: once the budget is reached the listener stops accepting (new connections wait in
/// the kernel's backlog, or are refused when it is full) instead of failing `accept` in a loop.
/// While the budget is used up, accepting a connection sheds the one that has waited longest
/// between requests, so connections that send nothing cannot lock other clients out; and a
/// connection that falls idle after an answer is shed itself, so a client waiting in the backlog
/// gets its place.
final class ConnectionGovernor: Sendable {
    let limit: Int
    let logger: Logger

    private struct Entry {
        let channel: any Channel
        var idleSince: NIODeadline?
        /// It has had a request.
        var served = false
    }

    private struct State {
        var open = 0
        var entries: [ObjectIdentifier: Entry] = [:]
        /// Connections told to close that have not closed yet.
        var closing: Set<ObjectIdentifier> = []
        var shed = 0

        /// Whether the budget is used up (not counting connections already told to close).
        func full(_ limit: Int) -> Bool { open - closing.count >= limit }

        /// Picks the longest-idle connection when the budget is used up.
        mutating func longestIdle(limit: Int) -> (channel: any Channel, count: Int)? {
            guard full(limit),
                let oldest = entries.filter({ $0.value.idleSince != nil && !closing.contains($0.key) })
                    .min(by: { $0.value.idleSince! < $1.value.idleSince! })
            else { return nil }
            return pick(oldest.key)
        }

        mutating func pick(_ key: ObjectIdentifier) -> (channel: any Channel, count: Int)? {
            guard let entry = entries[key] else { return nil }
            closing.insert(key)
            shed += 1
            return (entry.channel, shed)
        }
    }

    private let state = Mutex(State())

    init(limit: Int, logger: Logger) {
        self.limit = max(1, limit)
        self.logger = logger
    }

    /// The Hummingbird hook that asks before each accept.
    var delegate: Delegate { Delegate(governor: self) }

    struct Delegate: AvailableConnectionsDelegate {
        let governor: ConnectionGovernor

        mutating func connectionOpened() { governor.opened() }
        mutating func connectionClosed() { governor.state.withLock { $0.open -= 1 } }
        func isAcceptingNewConnections() -> Bool { governor.state.withLock { $0.open < governor.limit } }
    }

    /// Connections shed so far.
    var shedCount: Int { state.withLock { $0.shed } }

    func register(_ channel: any Channel) {
        state.withLock { $0.entries[ObjectIdentifier(channel)] = Entry(channel: channel, idleSince: nil) }
    }

    func unregister(_ channel: any Channel) {
        state.withLock { s in
            s.entries.removeValue(forKey: ObjectIdentifier(channel))
            s.closing.remove(ObjectIdentifier(channel))
        }
    }

    /// `since`: when the connection went idle (between requests), or `nil` while it is busy.
    func update(_ channel: any Channel, idleSince since: NIODeadline?) {
        let key = ObjectIdentifier(channel)
        shed(state.withLock { s -> (channel: any Channel, count: Int)? in
            guard let entry = s.entries[key] else { return nil }
            let fellIdle = entry.served && entry.idleSince == nil && since != nil
            s.entries[key]?.idleSince = since
            if since == nil { s.entries[key]?.served = true }
            return fellIdle && s.full(limit) ? s.pick(key) : nil
        })
    }

    private func opened() {
        shed(state.withLock { s in
            s.open += 1
            return s.longestIdle(limit: limit)
        })
    }

    private func shed(_ victim: (channel: any Channel, count: Int)?) {
        guard let victim else { return }
        if victim.count == 1 || victim.count % 100 == 0 {
            logger.warning("At the connection limit (\(limit)): closed the connection idle longest (\(victim.count) so far)")
        }
        // Later on the connection's loop, never from inside its own handler.
        let channel = victim.channel
        channel.eventLoop.execute { channel.pipeline.fireUserInboundEventTriggered(ConnectionWatch.Shed()) }
    }

    /// The connection was busy again by the time the shed reached it: it stays open.
    func shedDeclined(_ channel: any Channel) {
        _ = state.withLock { $0.closing.remove(ObjectIdentifier(channel)) }
    }
}
