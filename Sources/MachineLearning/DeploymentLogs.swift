import ARM
import Catalog
import CeruleanJSON
import Foundation

/// `getLogs`: container log lines that follow the deployment's life (created, scaled, its
/// provisioning state), the same for the same history, so a test can assert on them.
enum DeploymentLogs {
    static let containerTypes = ["InferenceServer", "StorageInitializer"]

    static func content(_ deployment: StoredResource, _ argument: JSON?, _ context: ResourceContext, _ catalog: ModelCatalog) throws -> String {
        let request = argument?.objectValue ?? [:]
        let requested = try BodyReader.optionalString(request, "containerType") ?? "InferenceServer"
        guard let container = containerTypes.first(where: { $0.lowercased() == requested.lowercased() }) else {
            throw ComputeErrors.badArgument("containerType must be one of \(containerTypes.joined(separator: ", ")), not '\(requested)'.",
                                            target: "containerType")
        }
        var tail: Int?
        if let value = request["tail"], !value.isNull {
            guard let n = value.numberValue, n == n.rounded(), n >= 0 else { throw BodyReader.wrongType("tail", expected: "integer", found: value) }
            tail = Int(min(n, 1e6))
        }
        let lines = container == "StorageInitializer" ? storageLines(deployment) : try serverLines(deployment, context, catalog)
        guard let tail else { return lines.joined(separator: "\n") + "\n" }
        return lines.suffix(tail).joined(separator: "\n") + (tail > 0 ? "\n" : "")
    }

    static func created(_ deployment: StoredResource) -> Date {
        deployment.body["systemData"]?["createdAt"]?.stringValue.flatMap(ARMTime.date) ?? deployment.row.createdAt
    }

    static func stamp(_ date: Date) -> String { ARMTime.string(date) }

    static func storageLines(_ deployment: StoredResource) -> [String] {
        let model = deployment.properties["model"]?.stringValue ?? ""
        let t = stamp(created(deployment))
        return [
            "\(t) | INFO | Storage initializer started for deployment '\(deployment.id.name)'",
            "\(t) | INFO | Resolving model \(model)",
            "\(t) | INFO | Downloading model files to /var/azureml-app/azureml-models",
            "\(t) | INFO | Model download complete",
        ]
    }

    static func serverLines(_ deployment: StoredResource, _ context: ResourceContext, _ catalog: ModelCatalog) throws -> [String] {
        let props = deployment.properties
        let modelText = props["model"]?.stringValue ?? ""
        let model = ModelID(modelText).flatMap { catalog.model($0.unversioned) }
        let scoring = model?.managedCompute?.scoring ?? .chatCompletions
        let routes = scoring == .chatCompletions ? "/score, /v1/chat/completions, /v1/completions" : "/score"
        let concurrency = props["requestSettings"]?["maxConcurrentRequestsPerInstance"]?.numberValue.map { Int($0) } ?? 1
        var lines = [
            "Instance status:",
            "SystemSetup: Succeeded",
            "UserContainerImagePull: Succeeded",
            "ModelDownload: Succeeded",
            "UserContainerStart: \(deployment.provisioningState == "Failed" ? "Failed" : "Succeeded")",
            "",
            "Container events:",
        ]
        let changes = try ComputeTimeline.load(deploymentKey: deployment.id.key, from: context.session.transaction)?.changes ?? []
        let start = changes.first?.at ?? created(deployment)
        lines.append("Kind: Pod, Name: Pulling, Type: Normal, Time: \(stamp(start)), Message: Start pulling container image")
        lines.append("Kind: Pod, Name: Started, Type: Normal, Time: \(stamp(start)), Message: Container started")
        lines += [
            "",
            "\(stamp(start)) | INFO | Starting the inference server for '\(model?.name ?? modelText)' (\(modelText))",
            "\(stamp(start)) | INFO | Instance type \(props["instanceType"]?.stringValue ?? ""), up to \(concurrency) concurrent request(s) per instance",
            "\(stamp(start)) | INFO | Serving \(routes) on port 31311",
        ]
        var previous = 0
        for change in changes {
            if previous == 0 && change.instances > 0 {
                lines.append("\(stamp(change.at)) | INFO | Running \(change.instances) instance(s)")
            } else if change.instances > 0 {
                lines.append("\(stamp(change.at)) | INFO | Scaled from \(previous) to \(change.instances) instance(s)")
            } else {
                lines.append("\(stamp(change.at)) | INFO | Stopped")
            }
            previous = change.instances
        }
        let state = deployment.provisioningState ?? "Succeeded"
        let when = stamp(deployment.row.updatedAt)
        switch state {
        case "Succeeded": lines.append("\(when) | INFO | Readiness probe succeeded: ready for requests")
        case "Failed": lines.append("\(when) | ERROR | User container has crashed or terminated.")
        default: lines.append("\(when) | INFO | Deployment is \(state)")
        }
        return lines
    }
}
