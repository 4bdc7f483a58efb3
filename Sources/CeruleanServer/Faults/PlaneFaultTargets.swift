import CeruleanJSON
import Foundation

/// How each plane names the request in front of it for fault rules (the vocabulary is in
/// docs/admin.md#faults). The admin plane names nothing: its routes are never faulted.
extension InferencePlane {
    func faultTarget(_ exchange: Exchange) -> FaultTarget? {
        guard let (operation, _, target) = route(exchange) else {
            return FaultTarget(plane: .inference, operation: "other", name: "")
        }
        let opName: String
        switch operation {
        case .chatCompletions: opName = "chat.completions"
        case .completions: opName = "completions"
        case .embeddings: opName = "embeddings"
        case .info: opName = "info"
        case .score: opName = "score"
        case .swagger: opName = "swagger"
        }
        // The body is read only for what the path does not say (a streamed chat, an /openai/v1 model).
        let body = [.info, .swagger].contains(operation) ? nil : try? JSONParser.parse(exchange.body)
        let name: String
        switch target {
        case .regional(_, let n), .named(let n): name = n
        case .fromBody, .account(_, .body): name = body?["model"]?.stringValue ?? ""
        case .account(_, .path(let n)): name = n
        case .account(_, .model): name = body?["model"]?.stringValue ?? exchange.header("x-ms-model-mesh-model-name") ?? ""
        case .online(_, let endpoint): name = endpoint
        }
        return FaultTarget(plane: .inference, operation: opName, name: name,
                           streaming: [.chatCompletions, .completions].contains(operation) && body?["stream"]?.boolValue == true)
    }
}

extension ARMPlane {
    func faultTarget(_ exchange: Exchange) -> FaultTarget? {
        var segments = exchange.segments
        var operation = exchange.method.uppercased()
        if operation == "POST", let action = segments.last {
            operation = action
            segments.removeLast()
        }
        let lower = segments.map { $0.lowercased() }
        var name = segments.count >= 2 ? segments[1] : ""
        var startsProvisioning = false
        if let providers = lower.firstIndex(of: "providers") {
            let rest = segments.dropFirst(providers + 2)  // after the namespace: type, name, type, name...
            if rest.count >= 2 {
                name = rest.count % 2 == 0 ? rest[rest.endIndex - 1] : rest[rest.endIndex - 2]
            }
            startsProvisioning = operation == "PUT" && lower.contains("resourcegroups") && rest.count >= 2 && rest.count % 2 == 0
        } else if lower.count >= 4, lower[2] == "resourcegroups" {
            name = segments[3]
        }
        return FaultTarget(plane: .arm, operation: operation, name: name, startsProvisioning: startsProvisioning)
    }
}

extension IdentityPlane {
    func faultTarget(_ exchange: Exchange) -> FaultTarget? {
        let path = exchange.path
        if path == "/metadata/endpoints" { return FaultTarget(plane: .identity, operation: "metadata", name: "") }
        if path.hasPrefix("/metadata/identity/") || path == "/msi/token" {
            return FaultTarget(plane: .identity, operation: "managedIdentity", name: "")
        }
        let parts = path.split(separator: "/").map(String.init)
        let tenant = parts.first ?? ""
        return FaultTarget(plane: .identity, operation: parts.last == "token" ? "token" : "discovery", name: tenant)
    }
}
