/// Where an account request's host points.
public enum AccountHost: Sendable, Equatable {
    /// `{sub}.openai.azure.com`, `{sub}.cognitiveservices.azure.com`, `{sub}.services.ai.azure.com`.
    case subdomain(String)
    /// `{region}.api.cognitive.microsoft.com`: the key says which account.
    case region(String)
}

/// What the data plane knows of a Cognitive Services account: its keys, its auth settings and
/// its deployments (each an `InferenceEndpoint`, so the one inference core serves them).
public struct InferenceAccount: Sendable, Equatable {
    /// The account's ARM id (the scope strict mode checks data actions at).
    public var id: String
    public var name: String
    /// `OpenAI` or `AIServices`.
    public var kind: String
    public var key1: String
    public var key2: String
    public var localAuthDisabled: Bool
    public var publicNetworkAccess: Bool
    /// Deployments by lower-cased name.
    public var deployments: [String: InferenceEndpoint]

    public init(id: String = "", name: String, kind: String, key1: String, key2: String, localAuthDisabled: Bool, publicNetworkAccess: Bool,
                deployments: [String: InferenceEndpoint]) {
        self.id = id
        self.name = name
        self.kind = kind
        self.key1 = key1
        self.key2 = key2
        self.localAuthDisabled = localAuthDisabled
        self.publicNetworkAccess = publicNetworkAccess
        self.deployments = deployments
    }

    public func deployment(_ name: String) -> InferenceEndpoint? { deployments[name.lowercased()] }

    public func accepts(key: String) -> Bool {
        !key.isEmpty && (ConstantTime.equals(key, key1) || ConstantTime.equals(key, key2))
    }
}

/// Checks Entra tokens on the data plane (the server plugs Cerulean's token validator in).
public protocol DataPlaneTokenVerifier: Sendable {
    /// The principal `token` names when it is valid for one of `audiences`, else `nil`.
    func principal(of token: String, audiences: [String]) -> TokenPrincipal?
}

extension DataPlaneTokenVerifier {
    func isValid(_ token: String, audiences: [String]) -> Bool { principal(of: token, audiences: audiences) != nil }
}

enum ConstantTime {
    static func equals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in x.indices { diff |= x[i] ^ y[i] }
        return diff == 0
    }
}
