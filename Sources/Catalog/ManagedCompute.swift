/// The `managedCompute` section of a catalog model: how it deploys to an Azure ML managed online
/// endpoint (`onlineEndpoints/{e}/deployments/{d}`) and how its container is scored.
public struct ManagedCompute: Codable, Sendable, Equatable {
    /// What the model's inference server speaks.
    public enum Scoring: String, Codable, Sendable {
        /// OpenAI-compatible `/v1/chat/completions` (the vLLM containers); `/score` takes the same body.
        case chatCompletions = "chat-completions"
        /// `/score` with `{"input_data": {"input_string": [...], "parameters": {...}}}` (older containers).
        case inputData = "input-data"
        /// `/score` with `{"inputs": {"question": [...], "context": [...]}}` (extractive question answering).
        case questionAnswering = "question-answering"
    }

    /// What a VM size must have when the model names no list of instance types.
    public struct Minimum: Codable, Sendable, Equatable {
        public var vCPUs: Int?
        public var memoryGB: Double?
        public var gpus: Int?
    }

    /// Versions offered by the model's registry (newest first).
    public var versions: [String]
    /// The VM sizes allowed (Azure's `inference_compute_allow_list`); `nil` uses `minimum`.
    public var instanceTypes: [String]?
    public var minimum: Minimum?
    public var scoring: Scoring

    public func offers(version: String) -> Bool {
        versions.contains { $0.lowercased() == version.lowercased() }
    }

    /// Whether the model fits a VM size.
    public func allows(_ size: VMSize) -> Bool {
        if let instanceTypes { return instanceTypes.contains { $0.lowercased() == size.name.lowercased() } }
        guard let minimum else { return true }
        return size.vCPUs >= (minimum.vCPUs ?? 0) && size.memoryGB >= (minimum.memoryGB ?? 0) && size.gpus >= (minimum.gpus ?? 0)
    }

    /// The sizes of `catalog` the model fits, by name.
    public func allowedSizes(in catalog: VMSizeCatalog) -> [String] {
        catalog.sizes.filter { $0.managedInference && allows($0) }.map(\.name)
    }
}
