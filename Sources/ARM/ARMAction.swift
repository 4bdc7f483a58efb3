/// The RBAC action an ARM request performs and the scope it is checked at (the request's target
/// id): `{namespace}/{type path}/read|write|delete` for GET/HEAD, PUT/PATCH and DELETE, and
/// `{namespace}/{type path}/{verb}/action` for a POST. Built-in routes are
/// `Microsoft.Resources/subscriptions[/resourcegroups[/resources]]/...`; the last
/// `providers/{namespace}` of a path names the provider (extension resources included).
/// What the engine's authorisation hook is asked about in `--auth strict` (docs/access-control.md).
public struct ARMAction: Sendable, Equatable {
    public var action: String
    public var scope: String

    public init(action: String, scope: String) {
        self.action = action
        self.scope = scope
    }

    public init(method: String, path segments: [String]) {
        let method = method.uppercased()
        let scope = "/" + segments.joined(separator: "/")
        let lower = segments.map { $0.lowercased() }
        if let i = lower.lastIndex(of: "providers"), i + 1 < segments.count, segments.count - i > 2 || method == "POST" {
            let tail = Array(segments[(i + 2)...])
            self.init(action: Self.provider(segments[i + 1], tail: tail, method: method), scope: scope)
            return
        }
        // Built-in routes: subscriptions, groups, their resource lists, legacy group deployments.
        var types: [String] = []
        var k = 0
        while k < segments.count {
            let word = lower[k]
            if word == "deployments" {
                let rest = Array(segments[k...])
                self.init(action: Self.provider("Microsoft.Resources", tail: rest, method: method), scope: scope)
                return
            }
            // ARM's messages spell it `resourcegroups` (reference §3.1); matching ignores case anyway.
            types.append(word == "resourcegroups" || word == "subscriptions" ? word : segments[k])
            k += 2
        }
        if lower.count == 4, lower[2] == "providers" {
            // `/subscriptions/{s}/providers/{ns}`: reading a provider's registration.
            self.init(action: "Microsoft.Resources/subscriptions/providers/read", scope: scope)
            return
        }
        let verb = Self.verb(method)
        self.init(action: "Microsoft.Resources/" + types.joined(separator: "/") + "/" + verb, scope: scope)
    }

    /// `{ns}/{types}/{verb}` for the segments after `providers/{ns}`.
    static func provider(_ namespace: String, tail: [String], method: String) -> String {
        var types = stride(from: 0, to: tail.count, by: 2).map { tail[$0] }
        if tail.count % 2 == 1, method == "POST", let verb = types.popLast() {
            return ([namespace] + types + [verb, "action"]).joined(separator: "/")
        }
        return ([namespace] + types + [verb(method)]).joined(separator: "/")
    }

    static func verb(_ method: String) -> String {
        switch method {
        case "GET", "HEAD": "read"
        case "PUT", "PATCH": "write"
        case "DELETE": "delete"
        default: "action"
        }
    }
}
