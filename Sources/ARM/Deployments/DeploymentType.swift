import CeruleanJSON
import Foundation

/// `Microsoft.Resources/deployments`: stored like any resource so GET, HEAD, DELETE and
/// operation polling come from the engine; PUT and the actions are `DeploymentRoutes`. A
/// deployment shows `Accepted` until its operation ends, then the outcome its resources reached.
enum DeploymentType {
    static let type = "Microsoft.Resources/deployments"

    static var definition: ResourceType {
        var t = ResourceType(type: type)
        t.shape = .proxy
        t.nameRule = .pattern("[-\\w._()]{1,64}", "Deployment names may contain letters, digits, '-', '.', '_', '(' and ')', and be 1 to 64 characters long.")
        t.apiVersions = ["2025-04-01", "2024-11-01", "2024-07-01", "2024-03-01", "2023-07-01", "2022-09-01", "2021-04-01", "2020-10-01", "2019-10-01"]
        t.patchableKeys = []
        t.operationsUnderResource = true
        t.onProvisioning = { resource, event, context in
            switch event {
            case .started:
                resource.provisioningState = "Accepted"
            case .succeeded:
                let record = try DeploymentRecord.load(resource.id, from: context.session.transaction)
                finish(&resource, state: "Succeeded", record: record, now: context.now)
            case .failed(_, let code, let message):
                let record = try DeploymentRecord.load(resource.id, from: context.session.transaction)
                finish(&resource, state: "Failed", record: record, now: context.now)
                if resource.properties["error"] == nil {
                    resource.properties["error"] = ARMError(status: 400, code: code, message: message).detail
                }
            }
        }
        t.decidedOutcome = { resource, context in
            try DeploymentRecord.load(resource.id, from: context.session.transaction)?.error
        }
        t.onDeleted = { resource, context in
            try DeploymentRecord.delete(resource.id, from: context.session.transaction)
        }
        return t
    }

    /// The deployment's answer once it has ended.
    static func finish(_ resource: inout StoredResource, state: String, record: DeploymentRecord?, now: Date) {
        var props = resource.properties
        if let record {
            for (key, value) in record.finalProperties { props[key] = value }
            if state == "Failed", let error = record.error { props["error"] = error.detail }
        }
        props["provisioningState"] = .string(state)
        if let started = props["timestamp"]?.stringValue.flatMap(ARMTime.date) {
            props["duration"] = .string(ARMTime.duration(now.timeIntervalSince(started)))
        }
        props["timestamp"] = .string(ARMTime.string(now))
        resource.properties = props
    }
}
