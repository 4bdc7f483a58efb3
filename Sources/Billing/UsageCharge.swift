import CeruleanJSON
import Foundation
import Inference
import Store

/// What the cost APIs show about a meter, kept with each stored usage record (as its
/// `details`), so costs stay queryable after the resources are gone.
struct MeterDescription: Codable, Sendable, Equatable {
    var meterName: String
    var meterID: String
    var meterCategory: String
    var meterSubCategory: String
    var serviceName: String
    var serviceTier: String
    var consumedService: String
    var product: String
    var unitOfMeasure: String
    var unitPrice: Double
    /// Lower-cased, as Cost Management writes it (`microsoft.saas/resources`).
    var resourceType: String
    var resourceLocation: String
    /// `Marketplace` for SaaS charges, `Azure` for Azure's own.
    var publisherType: String
    var publisherName: String
    var planName: String
    var tags: [String: String]
}

/// One meter's usage about to be stored: how much, at what price, on what.
struct UsageCharge {
    var chargedID: ResourceIDText
    var servingID: ResourceIDText
    var hour: Int
    var description: MeterDescription
    var quantity: Double

    var record: UsageRecord {
        UsageRecord(
            chargedKey: chargedID.key, servingKey: servingID.key, meter: description.meterName, hour: hour,
            subscriptionKey: chargedID.subscription.lowercased(), resourceGroupKey: chargedID.resourceGroup?.lowercased() ?? "",
            chargedID: chargedID.text, servingID: servingID.text,
            details: (try? JSONEncoder.sorted.encode(description)) ?? Data("{}".utf8),
            quantity: quantity, cost: quantity * description.unitPrice)
    }
}

/// An ARM id as text with the parts billing needs (kept apart from `ARM.ResourceID` so a
/// stored id that no longer parses still bills).
struct ResourceIDText: Sendable, Hashable {
    let text: String

    var key: String { text.lowercased() }
    var segments: [Substring] { text.split(separator: "/") }
    var subscription: String { segments.count >= 2 ? String(segments[1]) : "" }
    var resourceGroup: String? {
        let s = segments
        return s.count >= 4 && s[2].lowercased() == "resourcegroups" ? String(s[3]) : nil
    }
    var name: String { segments.last.map(String.init) ?? "" }
}

extension JSONEncoder {
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return encoder
    }
}

/// The meters of each kind of usage, and how they are described and priced.
enum Meters {
    static let tokensUnit = "1K"
    static let hoursUnit = "1 Hour"

    /// The input and output meters of a token-billed target, priced per 1,000 tokens.
    static func tokenCharges(_ target: MeterTarget, hour: Int, input: Int, output: Int, prices: PriceList,
                             charged: StoredFacts?) -> [UsageCharge]
    {
        let price = prices.tokenPrice(product: target.product, sku: target.kind == .accountDeployment ? target.plan : nil)
        var charges: [UsageCharge] = []
        for (direction, tokens, unitPrice) in [("input", input, price.inputPer1K), ("output", output, price.outputPer1K)] where tokens > 0 {
            let description = describe(target, direction: direction, unitPrice: unitPrice, charged: charged)
            charges.append(UsageCharge(chargedID: ResourceIDText(text: target.chargedResourceID),
                                       servingID: ResourceIDText(text: target.servingResourceID), hour: hour,
                                       description: description, quantity: Double(tokens) / 1000))
        }
        return charges
    }

    static func describe(_ target: MeterTarget, direction: String, unitPrice: Double, charged: StoredFacts?) -> MeterDescription {
        let serving = ResourceIDText(text: target.servingResourceID)
        switch target.kind {
        case .marketplace:
            let meter = "paygo-inference-\(direction)-tokens"
            return MeterDescription(
                meterName: meter, meterID: stableID(meter, target.product, target.plan), meterCategory: "SaaS",
                meterSubCategory: target.product, serviceName: "SaaS", serviceTier: target.product,
                consumedService: "Microsoft.SaaS", product: target.product, unitOfMeasure: tokensUnit, unitPrice: unitPrice,
                resourceType: "microsoft.saas/resources", resourceLocation: charged?.location ?? "global",
                publisherType: "Marketplace", publisherName: charged?.publisher ?? "", planName: target.plan,
                tags: charged?.tags ?? [:])
        case .serverless:
            let meter = "\(target.product) \(direction == "input" ? "Input" : "Output") Tokens"
            return MeterDescription(
                meterName: meter, meterID: stableID(meter), meterCategory: "Foundry Models", meterSubCategory: target.product,
                serviceName: "Foundry Models", serviceTier: "Serverless API", consumedService: "Microsoft.MachineLearningServices",
                product: "\(target.product) - Serverless", unitOfMeasure: tokensUnit, unitPrice: unitPrice,
                resourceType: "microsoft.machinelearningservices/workspaces/serverlessendpoints",
                resourceLocation: charged?.location ?? "", publisherType: "Azure", publisherName: "Microsoft", planName: "",
                tags: charged?.tags ?? [:])
        case .accountDeployment:
            let meter = "\(target.product) \(direction == "input" ? "Inp" : "Outp") \(tierAbbreviation(target.plan)) Tokens"
            var tags = charged?.tags ?? [:]
            tags["deployment"] = serving.name.lowercased()
            return MeterDescription(
                meterName: meter, meterID: stableID(meter), meterCategory: "Cognitive Services",
                meterSubCategory: "Azure OpenAI", serviceName: "Cognitive Services", serviceTier: "Azure OpenAI",
                consumedService: "Microsoft.CognitiveServices", product: "Azure OpenAI - \(target.product) \(target.plan)",
                unitOfMeasure: tokensUnit, unitPrice: unitPrice, resourceType: "microsoft.cognitiveservices/accounts",
                resourceLocation: charged?.location ?? "", publisherType: "Azure", publisherName: "Microsoft", planName: "",
                tags: tags)
        }
    }

    /// The instance-hour meter of a managed-compute deployment.
    static func instanceHours(deploymentID: String, instanceType: String, hour: Int, hours: Double, prices: PriceList,
                              charged: StoredFacts?) -> UsageCharge
    {
        let shown = instanceType.replacingOccurrences(of: "Standard_", with: "").replacingOccurrences(of: "_", with: " ")
        let description = MeterDescription(
            meterName: shown, meterID: stableID("instance-hours", instanceType), meterCategory: "Virtual Machines",
            meterSubCategory: "\(shown) Series", serviceName: "Azure Machine Learning", serviceTier: "Managed Online Endpoints",
            consumedService: "Microsoft.MachineLearningServices", product: "Managed Online Endpoints - \(shown)",
            unitOfMeasure: hoursUnit, unitPrice: prices.instanceHourPrice(instanceType),
            resourceType: "microsoft.machinelearningservices/workspaces/onlineendpoints/deployments",
            resourceLocation: charged?.location ?? "", publisherType: "Azure", publisherName: "Microsoft", planName: "",
            tags: charged?.tags ?? [:])
        let id = ResourceIDText(text: deploymentID)
        return UsageCharge(chargedID: id, servingID: id, hour: hour, description: description, quantity: hours)
    }

    /// Azure OpenAI meter names abbreviate the deployment type (`gpt-4o Inp glbl Tokens`).
    static func tierAbbreviation(_ sku: String) -> String {
        switch sku.lowercased() {
        case "globalstandard": "glbl"
        case "datazonestandard": "DZ"
        case "standard": "regnl"
        case "provisionedmanaged": "prvsnd"
        case let other: other
        }
    }

    /// A GUID-shaped id that is the same for the same meter every time.
    static func stableID(_ parts: String...) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var second: UInt64 = 0x8422_2325_cbf2_9ce4
        for byte in parts.joined(separator: "|").lowercased().utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
            second = (second ^ UInt64(byte)) &* 0x100_0000_01b3 &+ 7
        }
        let hex = String(format: "%016llx%016llx", hash, second)
        let c = Array(hex)
        return "\(String(c[0..<8]))-\(String(c[8..<12]))-\(String(c[12..<16]))-\(String(c[16..<20]))-\(String(c[20..<32]))"
    }
}

/// What the charged resource's stored row says, read when usage is flushed (it may be gone).
struct StoredFacts {
    var location: String?
    var tags: [String: String]
    var publisher: String?

    static func read(_ id: String, _ tx: StoreTransaction) throws -> StoredFacts? {
        guard let row = try tx.resource(key: id.lowercased()), let body = try JSONParser.parse(row.body).objectValue else { return nil }
        var tags: [String: String] = [:]
        for (name, value) in body["tags"]?.objectValue ?? [:] { tags[name] = value.stringValue ?? value.compactString }
        return StoredFacts(location: row.location, tags: tags,
                           publisher: body["properties"]?["publisherId"]?.stringValue)
    }
}
