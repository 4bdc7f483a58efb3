import ARM
import Billing
import CeruleanJSON
import Foundation
import Store

/// How many instances an online deployment ran, over time: created with N, scaled to M, deleted
/// (0). Kept as a document per deployment id that outlives the deployment (nothing else removes
/// it), so billing can meter instance-hours on the engine's clock after the fact.
public struct ComputeTimeline: Sendable, Equatable {
    /// A count from a moment on: billing's own type, so the meter reads timelines as they are.
    public typealias Change = InstanceTimeline.Change

    /// The deployment's ARM id, as created.
    public var deploymentID: String
    public var subscriptionID: String
    public var region: String
    public var instanceType: String
    /// vCPUs of one instance.
    public var vCPUs: Int
    /// USD per instance-hour, from the VM-size catalog.
    public var pricePerHour: Double
    /// In time order; the last one is the current count.
    public var changes: [Change]

    public static let collection = "computeTimelines"

    public var currentInstances: Int { changes.last?.instances ?? 0 }

    /// Instance-seconds run in `[start, end)`.
    public func instanceSeconds(from start: Date, to end: Date) -> Double {
        var total = 0.0
        for (i, change) in changes.enumerated() {
            let until = i + 1 < changes.count ? changes[i + 1].at : end
            let from = max(change.at, start), to = min(until, end)
            if to > from { total += to.timeIntervalSince(from) * Double(change.instances) }
        }
        return total
    }

    public var json: JSON {
        ["deploymentId": .string(deploymentID), "subscriptionId": .string(subscriptionID), "region": .string(region),
         "instanceType": .string(instanceType), "vCPUs": JSON(vCPUs), "pricePerHour": .number(pricePerHour),
         "changes": .array(changes.map { ["time": .string(ARMTime.string($0.at)), "instances": JSON($0.instances)] })]
    }

    init?(json: JSON) {
        guard let id = json["deploymentId"]?.stringValue, let sub = json["subscriptionId"]?.stringValue,
            let region = json["region"]?.stringValue, let size = json["instanceType"]?.stringValue,
            let cores = json["vCPUs"]?.numberValue, let changes = json["changes"]?.arrayValue
        else { return nil }
        deploymentID = id
        subscriptionID = sub
        self.region = region
        instanceType = size
        vCPUs = Int(cores)
        pricePerHour = json["pricePerHour"]?.numberValue ?? 0
        self.changes = changes.compactMap { item in
            guard let time = item["time"]?.stringValue.flatMap(ARMTime.date), let n = item["instances"]?.numberValue else { return nil }
            return Change(at: time, instances: Int(n))
        }
    }

    init(deploymentID: String, subscriptionID: String, region: String, instanceType: String, vCPUs: Int,
         pricePerHour: Double, changes: [Change]) {
        self.deploymentID = deploymentID
        self.subscriptionID = subscriptionID
        self.region = region
        self.instanceType = instanceType
        self.vCPUs = vCPUs
        self.pricePerHour = pricePerHour
        self.changes = changes
    }

    /// The timeline of a deployment (by its lower-cased id), if it ever ran.
    public static func load(deploymentKey: String, from tx: StoreTransaction) throws -> ComputeTimeline? {
        guard let data = try tx.document(collection, key: deploymentKey) else { return nil }
        return ComputeTimeline(json: try JSONParser.parse(data))
    }

    /// Every deployment's timeline, deleted deployments included.
    public static func all(from tx: StoreTransaction) throws -> [ComputeTimeline] {
        try tx.documents(collection).compactMap { ComputeTimeline(json: try JSONParser.parse($0.body)) }
    }

    func save(to tx: StoreTransaction) throws {
        try tx.saveDocument(Self.collection, key: deploymentID.lowercased(), body: json.serialized())
    }

    /// Records that `deployment` runs `instances` from `time` on (nothing when the count is unchanged).
    static func record(_ deployment: ResourceID, instances: Int, size: String, vCPUs: Int, pricePerHour: Double,
                       region: String, at time: Date, in tx: StoreTransaction) throws {
        var timeline = try load(deploymentKey: deployment.key, from: tx)
            ?? ComputeTimeline(deploymentID: deployment.string, subscriptionID: deployment.subscriptionID, region: region,
                               instanceType: size, vCPUs: vCPUs, pricePerHour: pricePerHour, changes: [])
        guard timeline.currentInstances != instances || timeline.changes.isEmpty else { return }
        if instances > 0 {
            timeline.instanceType = size
            timeline.vCPUs = vCPUs
            timeline.pricePerHour = pricePerHour
        }
        // Two changes at one instant: the later one stands.
        if let last = timeline.changes.last, last.at == time { timeline.changes.removeLast() }
        timeline.changes.append(Change(at: time, instances: instances))
        try timeline.save(to: tx)
    }
}
