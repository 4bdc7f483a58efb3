import CeruleanJSON

/// The data-plane addresses of an account, as Azure reports them, and the path form under
/// Cerulean's own address that stands for them on the wire (`{base}/cognitiveservices/{host}/`),
/// so an account's `endpoint` works verbatim as a client's base URL.
public enum AccountEndpoints {
    /// The path form's first segment.
    public static let pathPrefix = "cognitiveservices"
    /// Hosts that name an account by its custom subdomain (the first label).
    public static let subdomainSuffixes = [".openai.azure.com", ".cognitiveservices.azure.com", ".services.ai.azure.com"]
    /// Regional hosts: the account is the one whose key the request carries.
    public static let regionalSuffix = ".api.cognitive.microsoft.com"

    /// `properties.endpoint` and `properties.endpoints` for an account.
    static func make(kind: String, subdomain: String?, name: String, region: String) -> (endpoint: String, endpoints: JSONObject) {
        let regional = "https://\(region)\(regionalSuffix)/"
        func host(_ suffix: String) -> String { subdomain.map { "https://\($0)\(suffix)/" } ?? regional }
        let openAI = host(".openai.azure.com")
        let cognitive = host(".cognitiveservices.azure.com")
        var endpoints: JSONObject = [:]
        for api in ["OpenAI Language Model Instance API", "OpenAI Dall-E API", "OpenAI Moderations API", "OpenAI Whisper API",
                    "OpenAI Realtime API", "Azure OpenAI Legacy API - Latest moniker"] {
            endpoints[api] = .string(openAI)
        }
        endpoints["Token Service API"] = .string(cognitive)
        if kind == AccountType.aiServices {
            let foundry = "https://\(subdomain ?? name.lowercased()).services.ai.azure.com/"
            endpoints["AI Foundry API"] = .string(foundry)
            endpoints["Azure AI Model Inference API"] = .string(subdomain == nil ? regional : foundry)
            for api in ["Cohere AI API", "Mistral AI API", "Content Safety"] { endpoints[api] = .string(cognitive) }
            return (cognitive, endpoints)
        }
        return (openAI, endpoints)
    }

    /// The path form of an Azure data-plane URL under `baseURL`; other URLs stay as they are.
    public static func local(_ url: String, baseURL: String) -> String {
        guard url.hasPrefix("https://") else { return url }
        let rest = url.dropFirst("https://".count)
        let host = rest.prefix { $0 != "/" }
        let lower = host.lowercased()
        guard subdomainSuffixes.contains(where: lower.hasSuffix) || lower.hasSuffix(regionalSuffix) else { return url }
        let path = rest.dropFirst(host.count)
        return "\(baseURL)/\(pathPrefix)/\(lower)\(path.isEmpty ? "/" : String(path))"
    }

    /// Rewrites `endpoint`, `endpoints` (and a project's `endpoints`) of a body to the path form.
    static func present(_ body: inout JSONObject, baseURL: String) {
        guard var props = body["properties"]?.objectValue else { return }
        if let endpoint = props["endpoint"]?.stringValue { props["endpoint"] = .string(local(endpoint, baseURL: baseURL)) }
        if let endpoints = props["endpoints"]?.objectValue {
            var rewritten = JSONObject()
            for (key, value) in endpoints { rewritten[key] = value.stringValue.map { .string(local($0, baseURL: baseURL)) } ?? value }
            props["endpoints"] = .object(rewritten)
        }
        body["properties"] = .object(props)
    }

    /// Where a request's host points: an account's subdomain, a region, or neither.
    public enum Address: Sendable, Equatable {
        case subdomain(String)
        case region(String)
    }

    /// Reads a host name (port dropped, case ignored).
    public static func address(host: String) -> Address? {
        var lower = host.lowercased()
        if let colon = lower.lastIndex(of: ":"), !lower.hasSuffix("]") { lower = String(lower[..<colon]) }
        if lower.hasSuffix(".") { lower.removeLast() }
        for suffix in subdomainSuffixes where lower.hasSuffix(suffix) {
            let label = lower.dropLast(suffix.count)
            return label.isEmpty || label.utf8.contains(UInt8(ascii: ".")) ? nil : .subdomain(String(label))
        }
        if lower.hasSuffix(regionalSuffix) {
            let label = lower.dropLast(regionalSuffix.count)
            return label.isEmpty || label.utf8.contains(UInt8(ascii: ".")) ? nil : .region(String(label))
        }
        return nil
    }

    /// 2 to 64 characters of lower-case letters, digits and `-`, starting and ending with a letter or digit.
    static func isValidSubdomain(_ name: String) -> Bool {
        name.range(of: "^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?$", options: .regularExpression) != nil && name.count >= 2
    }
}
