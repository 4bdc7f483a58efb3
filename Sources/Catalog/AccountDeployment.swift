/// The `accountDeployment` section of a catalog model: what a Microsoft.CognitiveServices
/// deployment (`accounts/{a}/deployments/{d}`) of it may ask for.
public struct AccountDeployment: Codable, Sendable, Equatable {
    public struct Version: Codable, Sendable, Equatable {
        public var version: String
        public var isDefault: Bool?
        /// `GenerallyAvailable`, `Preview`, or `Deprecating` (refused for new deployments).
        public var lifecycleStatus: String?
        public var maxOutputToken: Int?

        public init(version: String, isDefault: Bool? = nil, lifecycleStatus: String? = nil, maxOutputToken: Int? = nil) {
            self.version = version
            self.isDefault = isDefault
            self.lifecycleStatus = lifecycleStatus
            self.maxOutputToken = maxOutputToken
        }
    }

    /// A deployment SKU the model offers, where, with what capacity and quota.
    public struct Sku: Codable, Sendable, Equatable {
        /// `Standard`, `GlobalStandard`, `DataZoneStandard`, `ProvisionedManaged`, ...
        public var name: String
        public var regions: [String]
        public var defaultCapacity: Int
        public var minCapacity: Int?
        public var maxCapacity: Int
        public var capacityStep: Int?
        /// Capacity units one subscription may hold in one region (the quota limit).
        public var quota: Int
        /// Tokens per minute one capacity unit gives (1,000 for pay-as-you-go SKUs).
        public var tokensPerUnit: Int?
        /// Requests per minute one capacity unit gives (6 for most chat models).
        public var requestsPerMinutePerUnit: Int?

        public init(name: String, regions: [String], defaultCapacity: Int, minCapacity: Int? = nil, maxCapacity: Int,
                    capacityStep: Int? = nil, quota: Int, tokensPerUnit: Int? = nil, requestsPerMinutePerUnit: Int? = nil) {
            self.name = name
            self.regions = regions
            self.defaultCapacity = defaultCapacity
            self.minCapacity = minCapacity
            self.maxCapacity = maxCapacity
            self.capacityStep = capacityStep
            self.quota = quota
            self.tokensPerUnit = tokensPerUnit
            self.requestsPerMinutePerUnit = requestsPerMinutePerUnit
        }

        public var tokensPerMinutePerUnit: Int { tokensPerUnit ?? 1_000 }
        public var requestsPerUnit: Int { requestsPerMinutePerUnit ?? 6 }
        public var minimum: Int { minCapacity ?? 1 }
        public var step: Int { capacityStep ?? 1 }
    }

    /// `OpenAI` for Azure OpenAI models, else the publisher (`Meta`, `Mistral AI`, `Microsoft`, ...).
    public var format: String
    /// The account kinds that may deploy it (`OpenAI`, `AIServices`).
    public var accountKinds: [String]
    public var versions: [Version]
    public var skus: [Sku]
    /// What a deployment reports in `properties.capabilities` (string values, as Azure sends them).
    public var capabilities: [String: String]?

    public init(format: String, accountKinds: [String], versions: [Version], skus: [Sku], capabilities: [String: String]? = nil) {
        self.format = format
        self.accountKinds = accountKinds
        self.versions = versions
        self.skus = skus
        self.capabilities = capabilities
    }

    public func version(_ text: String) -> Version? {
        versions.first { $0.version.lowercased() == text.lowercased() }
    }

    /// The default version (marked, else the last listed).
    public var defaultVersion: Version? { versions.first { $0.isDefault == true } ?? versions.last }

    public func sku(_ name: String) -> Sku? {
        skus.first { $0.name.lowercased() == name.lowercased() }
    }

    public func offers(kind: String) -> Bool {
        accountKinds.contains { $0.lowercased() == kind.lowercased() }
    }
}
