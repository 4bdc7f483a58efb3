import CeruleanJSON
import Foundation
import Store

/// An online deployment's instance count over time: managed compute bills instance-hours.
public struct InstanceTimeline: Sendable, Equatable {
    public struct Change: Sendable, Equatable {
        public var at: Date
        /// Instances running from `at` on (0: stopped or deleted).
        public var instances: Int

        public init(at: Date, instances: Int) {
            self.at = at
            self.instances = instances
        }
    }

    /// The ARM id of the deployment (`.../onlineEndpoints/{e}/deployments/{d}`), which the hours are charged to.
    public var deploymentID: String
    /// The VM size (`Standard_NC24ads_A100_v4`), which the price list is keyed by.
    public var instanceType: String
    /// In time order.
    public var changes: [Change]

    public init(deploymentID: String, instanceType: String, changes: [Change]) {
        self.deploymentID = deploymentID
        self.instanceType = instanceType
        self.changes = changes
    }

    /// Instance-hours per clock hour (hours since 1970) between `from` and `to`.
    func instanceHours(from: Date, to: Date) -> [Int: Double] {
        var result: [Int: Double] = [:]
        for (i, change) in changes.enumerated() where change.instances > 0 {
            let start = max(change.at, from)
            let end = min(i + 1 < changes.count ? changes[i + 1].at : to, to)
            var t = start.timeIntervalSince1970
            let stop = end.timeIntervalSince1970
            while t < stop {
                let hour = Int((t / 3600).rounded(.down))
                let next = min(Double(hour + 1) * 3600, stop)
                result[hour, default: 0] += Double(change.instances) * (next - t) / 3600
                t = next
            }
        }
        return result
    }
}

/// Where the instance-hour meter reads deployments' timelines. Managed compute (the
/// `MachineLearning` provider's online deployments) implements it; a timeline must stay
/// readable, ending with 0 instances, after its deployment is deleted, until a flush has
/// passed the deletion.
public protocol InstanceTimelineSource: Sendable {
    func timelines(_ tx: StoreTransaction) throws -> [InstanceTimeline]
}

/// Accrues instance-hours up to `now` into usage charges, remembering per deployment (a
/// document) how far it has been billed.
struct InstanceHourAccrual {
    static let collection = "billingAccruals"
    let source: any InstanceTimelineSource
    let prices: PriceList

    func charges(until now: Date, _ tx: StoreTransaction) throws -> [UsageCharge] {
        var charges: [UsageCharge] = []
        var seen: Set<String> = []
        for timeline in try source.timelines(tx) {
            guard let first = timeline.changes.first else { continue }
            let key = timeline.deploymentID.lowercased()
            seen.insert(key)
            let from = try billedThrough(key, tx) ?? first.at
            guard now > from else { continue }
            // Stopped and billed past the stop: nothing more accrues, and its mark need not be
            // rewritten on every flush (timelines outlive their deployments).
            if let last = timeline.changes.last, last.instances == 0, from >= last.at { continue }
            let facts = try StoredFacts.read(timeline.deploymentID, tx)
            for (hour, hours) in timeline.instanceHours(from: from, to: now).sorted(by: { $0.key < $1.key }) where hours > 0 {
                charges.append(Meters.instanceHours(deploymentID: timeline.deploymentID, instanceType: timeline.instanceType,
                                                    hour: hour, hours: hours, prices: prices, charged: facts))
            }
            try tx.saveDocument(Self.collection, key: key, body: JSON.number(now.timeIntervalSince1970).serialized(), at: now)
        }
        // Deployments whose timelines are gone are billed for good.
        for (key, _) in try tx.documents(Self.collection) where !seen.contains(key) {
            try tx.deleteDocument(Self.collection, key: key)
        }
        return charges
    }

    private func billedThrough(_ key: String, _ tx: StoreTransaction) throws -> Date? {
        guard let data = try tx.document(Self.collection, key: key), let seconds = try JSONParser.parse(data).numberValue else { return nil }
        return Date(timeIntervalSince1970: seconds)
    }
}
