import HummingbirdCore
import Logging
import NIOCore
import Synchronization

/// Keeps one listener's open connections under a budget, so the process never runs out of file
/// descriptors: once the budget is reached the listener stops accepting (new connections wait in
/// the kernel's backlog, or are refused when it is full) instead of failing `accept` in a loop.
/// Accepting the last connection the budget allows sheds the connection that has waited longest
/// between requests, so connections that send nothing cannot lock other clients out.
final class ConnectionGovernor: Sendable {
    let limit: Int
    let logger: Logger

    private struct Entry {
        let channel: any Channel
        var idleSince: NIODeadline?
    }

    private struct State {
        var open = 0
        var entries: [ObjectIdentifier: Entry] = [:]
        var shed = 0
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
        _ = state.withLock { $0.entries.removeValue(forKey: ObjectIdentifier(channel)) }
    }

    /// `since`: when the connection went idle (between requests), or `nil` while it is busy.
    func update(_ channel: any Channel, idleSince since: NIODeadline?) {
        state.withLock { $0.entries[ObjectIdentifier(channel)]?.idleSince = since }
    }

    private func opened() {
        let victim: (channel: any Channel, count: Int)? = state.withLock { s in
            s.open += 1
            guard s.open >= limit else { return nil }
            guard let oldest = s.entries.filter({ $0.value.idleSince != nil })
                .min(by: { $0.value.idleSince! < $1.value.idleSince! })
            else { return nil }
            s.entries[oldest.key]?.idleSince = nil  // do not pick it twice
            s.shed += 1
            return (oldest.value.channel, s.shed)
        }
        guard let victim else { return }
        if victim.count == 1 || victim.count % 100 == 0 {
            logger.warning("At the connection limit (\(limit)): closed the connection idle longest (\(victim.count) so far)")
        }
        victim.channel.pipeline.fireUserInboundEventTriggered(ConnectionWatch.Shed())
    }
}
