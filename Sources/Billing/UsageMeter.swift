import Foundation
import Inference
import Store
import Synchronization

/// The meters: every billable answer's tokens are added up in memory per target and clock
/// hour (`record`, a locked dictionary add on the request's task, no I/O), and `flush` writes
/// them to SQLite, with the instance-hours accrued since the last flush, in one transaction.
/// The server flushes on an interval and on a clean stop, so a `kill -9` loses at most the
/// last interval's usage; queries flush first, so they see everything recorded before them.
public final class UsageMeter: UsageSink, Sendable {
    struct Key: Hashable, Sendable {
        let target: MeterTarget
        let hour: Int
    }

    struct Tally: Sendable {
        var input = 0
        var output = 0

        mutating func add(_ other: Tally) {
            input += other.input
            output += other.output
        }
    }

    public let store: Store
    public let prices: PriceList
    let timelines: (any InstanceTimelineSource)?
    let now: @Sendable () -> Date
    private let pending = Mutex<[Key: Tally]>([:])

    public init(store: Store, prices: PriceList, timelines: (any InstanceTimelineSource)? = nil,
                now: @escaping @Sendable () -> Date) {
        self.store = store
        self.prices = prices
        self.timelines = timelines
        self.now = now
    }

    public func record(_ target: MeterTarget, inputTokens: Int, outputTokens: Int) {
        guard inputTokens > 0 || outputTokens > 0 else { return }
        let key = Key(target: target, hour: Self.hour(of: now()))
        pending.withLock { tallies in
            tallies[key, default: Tally()].add(Tally(input: inputTokens, output: outputTokens))
        }
    }

    /// Whether usage waits in memory.
    public var hasPending: Bool { pending.withLock { !$0.isEmpty } }

    /// Writes what is held in memory (and the instance-hours accrued up to now) to the store. If
    /// the write fails, the usage goes back to memory for the next flush.
    public func flush() async throws {
        let taken = pending.withLock { tallies in
            let all = tallies
            tallies = [:]
            return all
        }
        guard !taken.isEmpty || timelines != nil else { return }
        let until = now()
        let prices = self.prices
        let timelines = self.timelines
        do {
            try await store.writeOutsideResources { tx in
                var charges: [UsageCharge] = []
                var facts: [String: StoredFacts?] = [:]
                for (key, tally) in taken {
                    let charged = key.target.chargedResourceID
                    if facts[charged.lowercased()] == nil { facts[charged.lowercased()] = try StoredFacts.read(charged, tx) }
                    charges += Meters.tokenCharges(key.target, hour: key.hour, input: tally.input, output: tally.output,
                                                   prices: prices, charged: facts[charged.lowercased()] ?? nil)
                }
                if let timelines {
                    charges += try InstanceHourAccrual(source: timelines, prices: prices).charges(until: until, tx)
                }
                try tx.addUsage(charges.map(\.record))
            }
        } catch {
            pending.withLock { tallies in
                for (key, tally) in taken { tallies[key, default: Tally()].add(tally) }
            }
            throw error
        }
    }

    /// Forgets what is held in memory (the store was reset or restored under it).
    public func discardPending() {
        pending.withLock { $0 = [:] }
    }

    /// Cost so far (USD) by lower-cased resource id: of each charged resource and of each
    /// serving resource (endpoint, deployment), everything recorded included.
    public func costSoFar() async throws -> [String: Double] {
        try await flush()
        return try await store.read { tx in
            var costs: [String: Double] = [:]
            for record in try tx.allUsage() {
                costs[record.chargedKey, default: 0] += record.cost
                if record.servingKey != record.chargedKey { costs[record.servingKey, default: 0] += record.cost }
            }
            return costs
        }
    }

    static func hour(of date: Date) -> Int {
        Int((date.timeIntervalSince1970 / 3600).rounded(.down))
    }
}
