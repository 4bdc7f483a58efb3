import ARM
import CeruleanJSON
import Foundation
import Store

/// A marketplace offer as the SaaS resource that bills it records it.
public struct SaaSOffer: Sendable, Equatable {
    /// The offer's display name, which starts the resource's name (`[Model offer name]-[GUID]`).
    public var name: String
    public var publisherId: String
    public var offerId: String
    public var planId: String

    public init(name: String, publisherId: String, offerId: String, planId: String) {
        self.name = name
        self.publisherId = publisherId
        self.offerId = offerId
        self.planId = planId
    }
}

/// What a marketplace subscription (`MachineLearning`) asks of billing: a SaaS resource that
/// tracks its costs, created on subscribing and removed on unsubscribing. The other direction
/// (deleting the SaaS resource ends the subscription) is the SaaS type's `onDeleted`, which
/// deletes the linked resource through the engine (`ResourceContext.deleteNow`), so billing
/// never needs to know the Machine Learning types.
public enum MarketplaceSaaS {
    /// The SaaS resource that pays for `subscription`, created in its resource group (location
    /// `global`) unless one is linked already; returns its id.
    @discardableResult
    public static func subscribe(_ subscription: ResourceID, offer: SaaSOffer, context: ResourceContext) throws -> ResourceID {
        let tx = context.session.transaction
        if let existing = try SaaSLinks.saas(paying: subscription, tx), try context.session.get(existing) != nil {
            return existing
        }
        let id = ResourceID(subscriptionID: subscription.subscriptionID, resourceGroup: subscription.resourceGroup ?? "",
                            namespace: SaaSResourceType.namespace,
                            segments: [.init(type: "resources", name: "\(offer.name)-\(UUID().uuidString.lowercased())")])
        let properties = SaaSResourceType.properties(
            name: id.name, publisherId: offer.publisherId, offerId: offer.offerId, planId: offer.planId,
            subscriptionID: subscription.subscriptionID, now: context.now, previous: nil)
        let body = ResourceDocument.build(
            id: id, type: SaaSResourceType.type,
            members: ["location": "global", "tags": [:], "properties": .object(properties)],
            systemData: ResourceDocument.systemData(caller: context.caller, now: context.now, previous: nil))
        _ = try context.session.insert(id: id, body: body)
        try SaaSLinks.save(saas: id, linked: subscription, tx)
        return id
    }

    /// Removes the SaaS resource that pays for `subscription`, if there is one.
    public static func unsubscribe(_ subscription: ResourceID, context: ResourceContext) throws {
        let tx = context.session.transaction
        guard let saas = try SaaSLinks.saas(paying: subscription, tx) else { return }
        try SaaSLinks.remove(saas: saas, linked: subscription, tx)
        try context.deleteNow(saas)
    }

    /// The SaaS resource that pays for `subscription`, if any.
    public static func resource(paying subscription: ResourceID, _ tx: StoreTransaction) throws -> ResourceID? {
        try SaaSLinks.saas(paying: subscription, tx)
    }

    /// Every link: the SaaS resource's id by the lower-cased id of what it pays for.
    public static func links(_ tx: StoreTransaction) throws -> [String: String] {
        try SaaSLinks.all(tx)
    }
}
