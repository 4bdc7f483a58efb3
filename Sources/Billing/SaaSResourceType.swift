import ARM
import CeruleanJSON
import Foundation

/// `Microsoft.SaaS/resources`: a marketplace (SaaS) subscription in a resource group, location
/// `global`. Marketplace model subscriptions create one each (`MarketplaceSaaS`); a PUT creates a
/// stand-alone one. The body carries the 2018-03-01-beta property names (`publisherId`,
/// `offerId`, `skuId`, `status`, `term`, `paymentChannelType`) and the 2026-04-01 ones
/// (`assetId`, `publisherName`, `offerName`, `planName`, `termStartDate`, ...) together.
enum SaaSResourceType {
    static let namespace = "Microsoft.SaaS"
    static let type = "Microsoft.SaaS/resources"
    static let statuses = ["NotStarted", "PendingFulfillmentStart", "Subscribed", "Unsubscribed", "Suspended"]

    static func make() -> ResourceType {
        var t = ResourceType(type: type)
        // The first one without "preview" is what `az resource show/delete --ids` uses.
        t.apiVersions = ["2026-04-01", "2018-03-01-beta"]
        t.locations = ["global"]
        t.listableBySubscription = true
        t.patchableKeys = ["tags"]
        t.acceptedKeys = []
        t.validate = { draft, context in try validate(&draft, context) }
        t.onDeleted = { saas, context in try ended(saas, context) }
        t.actions["unsubscribe"] = ResourceAction { saas, argument, context in
            try unsubscribe(&saas, argument, context)
        }
        return t
    }

    /// A PUT of a stand-alone SaaS resource: the offer is required, the rest is the service's.
    static func validate(_ draft: inout ResourceDraft, _ context: ResourceContext) throws {
        guard draft.location == "global" else {
            throw ARMError(status: 400, code: "LocationNotAvailableForResourceType",
                           message: "The provided location '\(draft.location ?? "")' is not available for resource type '\(type)'. List of available regions for the resource type is 'global'.",
                           target: "location")
        }
        let input = draft.properties
        func required(_ key: String) throws -> String {
            guard let value = try BodyReader.optionalString(input, key, path: "properties.\(key)"), !value.isEmpty else {
                throw ARMError(status: 400, code: "InvalidRequestContent",
                               message: "The request content was invalid and could not be deserialized: 'Required property 'properties.\(key)' is missing'.",
                               target: "properties.\(key)")
            }
            return value
        }
        let publisher = try required("publisherId"), offer = try required("offerId"), plan = try required("skuId")
        if let old = draft.existing?.properties, old["offerId"]?.stringValue != offer || old["publisherId"]?.stringValue != publisher {
            throw ARMError(status: 400, code: "InvalidParameter",
                           message: "The offer and publisher of a SaaS subscription cannot change; create a new one.",
                           target: "properties.offerId")
        }
        if draft.existing?.properties["status"]?.stringValue == "Unsubscribed" {
            throw ARMError(status: 409, code: "Conflict",
                           message: "The SaaS subscription '\(draft.id.name)' is unsubscribed and cannot be reactivated.")
        }
        var properties = properties(name: draft.id.name, publisherId: publisher, offerId: offer, planId: plan,
                                    subscriptionID: draft.id.subscriptionID, now: context.now,
                                    previous: draft.existing?.properties)
        if let renew = input["autoRenew"]?.boolValue { properties["autoRenew"] = .bool(renew) }
        if let quantity = input["quantity"], quantity.numberValue != nil { properties["quantity"] = quantity }
        draft.properties = properties
    }

    /// The properties of a subscribed SaaS resource, keeping what `previous` already had.
    static func properties(name: String, publisherId: String, offerId: String, planId: String, subscriptionID: String,
                           now: Date, previous: JSONObject?) -> JSONObject {
        let assetID = previous?["assetId"]?.stringValue ?? UUID().uuidString.lowercased()
        let created = previous?["created"]?.stringValue ?? ARMTime.string(now)
        let start = previous?["termStartDate"]?.stringValue ?? ARMTime.string(dayStart(now))
        let end = previous?["termEndDate"]?.stringValue ?? ARMTime.string(termEnd(from: dayStart(now)))
        return [
            "saasResourceName": .string(name),
            "publisherId": .string(publisherId),
            "offerId": .string(offerId),
            "skuId": .string(planId),
            "quantity": previous?["quantity"] ?? .null,
            "termId": .null,
            "paymentChannelType": "SubscriptionDelegated",
            "paymentChannelMetadata": ["azureSubscriptionId": .string(subscriptionID), "resourceId": .string(assetID)],
            "publisherTestEnvironment": .null,
            "status": previous?["status"] ?? "Subscribed",
            "term": ["termUnit": "P1M", "startDate": .string(start), "endDate": .string(end)],
            "autoRenew": previous?["autoRenew"] ?? .bool(true),
            "isFreeTrial": .bool(false),
            "created": .string(created),
            "lastModified": .string(ARMTime.string(now)),
            "assetId": .string(assetID),
            "statusReason": previous?["statusReason"] ?? "None",
            "publisherName": .string(publisherId),
            "offerName": .string(offerId),
            "planName": .string(planId),
            "termUnit": "P1M",
            "billingPeriod": "P1M",
            "termStartDate": .string(start),
            "termEndDate": .string(end),
            "provisioningState": "Succeeded",
        ]
    }

    /// Deleting the SaaS resource ends what it paid for (the portal's way to delete a model
    /// subscription): the linked resource is deleted with its own effects.
    static func ended(_ saas: StoredResource, _ context: ResourceContext) throws {
        let tx = context.session.transaction
        guard let linked = try SaaSLinks.linked(toSaaS: saas.id, tx) else { return }
        try SaaSLinks.remove(saas: saas.id, linked: linked, tx)
        try context.deleteNow(linked)
    }

    /// `POST .../unsubscribe` (`{"unsubscribeOnly", "reasonCode", "feedback"}`): the resource stays,
    /// `Unsubscribed`, and what it paid for ends.
    static func unsubscribe(_ saas: inout StoredResource, _ argument: JSON?, _ context: ResourceContext) throws -> ARMResponse {
        if let argument, !argument.isNull, argument.objectValue == nil {
            throw ARMError.invalidRequestContent("The unsubscribe options must be a JSON object.")
        }
        var properties = saas.properties
        properties["status"] = "Unsubscribed"
        properties["statusReason"] = "None"
        properties["autoRenew"] = .bool(false)
        properties["lastModified"] = .string(ARMTime.string(context.now))
        saas.properties = properties
        try ended(saas, context)
        return ARMResponse(status: 200, body: .object(saas.body))
    }

    static func dayStart(_ date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 / 86_400).rounded(.down) * 86_400)
    }

    /// The last day of a one-month term that starts on `start`.
    static func termEnd(from start: Date) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let next = calendar.date(byAdding: .month, value: 1, to: start) ?? start
        return next.addingTimeInterval(-86_400)
    }
}
