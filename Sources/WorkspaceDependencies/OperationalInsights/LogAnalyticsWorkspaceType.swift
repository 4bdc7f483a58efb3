import ARM
import CeruleanJSON
import Foundation

/// `Microsoft.OperationalInsights/workspaces` (Log Analytics): the record Application Insights
/// sends its data to, with its `customerId` and two shared keys (`sharedKeys`, and `listKeys` as
/// templates call it). No query or ingestion API.
enum LogAnalyticsWorkspaceType {
    static let type = "Microsoft.OperationalInsights/workspaces"
    static let skus = ["PerGB2018", "Free", "Standalone", "PerNode", "Standard", "Premium", "CapacityReservation", "LACluster"]
    static let keys = ResourceSecrets(collection: "logAnalyticsSharedKeys")

    static func make() -> ResourceType {
        var t = ResourceType(type: type)
        t.nameRule = .pattern("[a-zA-Z0-9][a-zA-Z0-9-]{2,61}[a-zA-Z0-9]",
                              "Log Analytics workspace names have 4 to 63 letters, digits and hyphens, and begin and end with a letter or digit.")
        t.apiVersions = ["2023-09-01", "2022-10-01", "2021-06-01", "2020-08-01", "2015-11-01-preview"]
        t.listableBySubscription = true
        t.patchableKeys = ["tags", "properties"]
        t.validate = { draft, context in try validate(&draft, context) }
        t.onDeleted = { workspace, context in try keys.delete(workspace.id, context.session) }
        let listSharedKeys = ResourceAction { workspace, _, context in
            ARMResponse(status: 200, body: .object(try sharedKeys(workspace, context)))
        }
        t.actions["sharedkeys"] = listSharedKeys
        t.actions["listkeys"] = listSharedKeys
        t.actions["regeneratesharedkey"] = ResourceAction { workspace, _, context in
            let fresh = newKeys()
            try keys.save(fresh, for: workspace.id, context.session)
            return ARMResponse(status: 200, body: .object(fresh))
        }
        return t
    }

    static func validate(_ draft: inout ResourceDraft, _ context: ResourceContext) throws {
        var props = draft.properties
        let sku = try DependencyRules.skuName(props, at: "properties.sku", allowed: skus, fallback: "PerGB2018")
        if let days = props["retentionInDays"], !days.isNull {
            guard let n = days.intValue, (30...730).contains(n) || (n == 7 && sku == "Free") else {
                throw ARMError.invalidParameter("retentionInDays must be a whole number of days from 30 to 730.", target: "properties.retentionInDays")
            }
        }
        let existing = draft.existing
        let stamp = JSON.string(ARMTime.string(context.now))
        props["sku"] = ["name": .string(sku), "lastSkuUpdate": existing?.properties["sku"]?["lastSkuUpdate"] ?? stamp]
        DependencyRules.fill(&props, [
            "retentionInDays": 30,
            "features": ["legacy": 0, "searchVersion": 1, "enableLogAccessUsingOnlyResourcePermissions": true],
            "workspaceCapping": ["dailyQuotaGb": -1, "dataIngestionStatus": "RespectQuota"],
            "publicNetworkAccessForIngestion": "Enabled",
            "publicNetworkAccessForQuery": "Enabled",
        ])
        props["customerId"] = DependencyRules.firstGUID(existing, "customerId")
        props["createdDate"] = DependencyRules.firstStamp(existing, "createdDate", context)
        props["modifiedDate"] = stamp
        draft.properties = props
    }

    static func newKeys() -> JSONObject {
        ["primarySharedKey": .string(ResourceSecrets.base64Key()), "secondarySharedKey": .string(ResourceSecrets.base64Key())]
    }

    static func sharedKeys(_ workspace: StoredResource, _ context: ResourceContext) throws -> JSONObject {
        try keys.loadOrCreate(workspace.id, context.session, fresh: newKeys)
    }
}
