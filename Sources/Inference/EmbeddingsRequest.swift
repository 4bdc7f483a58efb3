import CeruleanJSON
import Foundation

/// An embeddings request, checked, and the deterministic vectors that answer it.
struct EmbeddingsRequest {
    static let known: Set<String> = ["input", "model", "dimensions", "encoding_format", "input_type", "user"]

    var inputs: [String]
    var dimensions: Int
    var base64: Bool

    init(_ body: JSONObject, modelDimensions: Int) throws {
        switch body["input"] {
        case .string(let s)?: inputs = [s]
        case .array(let items)? where !items.isEmpty && items.count <= 2048 && items.allSatisfy({ $0.stringValue != nil }):
            inputs = items.compactMap(\.stringValue)
        case nil: throw InferenceError.badRequest("'input' is a required property.", param: "input")
        default: throw InferenceError.badRequest("'input' must be a string or an array of 1 to 2048 strings.", param: "input")
        }
        if let d = body["dimensions"], !d.isNull {
            guard let n = d.intValue, n >= 1 else { throw InferenceError.badRequest("'dimensions' must be a positive integer.", param: "dimensions") }
            guard n <= modelDimensions else { throw InferenceError.unprocessable([("dimensions", d)]) }
            dimensions = n
        } else {
            dimensions = modelDimensions
        }
        switch body["encoding_format"]?.stringValue {
        case nil, "float": base64 = false
        case "base64": base64 = true
        default: throw InferenceError.unprocessable([("encoding_format", body["encoding_format"] ?? .null)])
        }
        if let kind = body["input_type"], !kind.isNull, !["text", "query", "document"].contains(kind.stringValue ?? "") {
            throw InferenceError.unprocessable([("input_type", kind)])
        }
    }

    var promptTokens: Int { inputs.reduce(0) { $0 + TokenEstimator.tokens($1) } }

    /// A unit vector that depends only on the model, the text and the size.
    static func vector(model: String, text: String, dimensions: Int) -> [Float] {
        var rng = DeterministicRandom(model, text, String(dimensions))
        var values = (0..<dimensions).map { _ in Float(rng.unit() * 2 - 1) }
        let norm = values.reduce(0) { $0 + $1 * $1 }.squareRoot()
        if norm > 0 { values = values.map { $0 / norm } }
        return values
    }

    func body(model: String, modelName: String) -> JSON {
        let data: [JSON] = inputs.enumerated().map { i, text in
            let vector = Self.vector(model: model, text: text, dimensions: dimensions)
            let embedding: JSON = base64
                ? .string(vector.withUnsafeBufferPointer { Data(buffer: $0) }.base64EncodedString())
                : .array(vector.map { .number(Double($0)) })
            return ["object": "embedding", "index": JSON(i), "embedding": embedding]
        }
        var idRNG = DeterministicRandom(model, inputs.joined(separator: "\u{1}"))
        return [
            "id": .string("emb-\(GeneratingResponder.hex(&idRNG, 24))"),
            "object": "list", "model": .string(modelName), "data": .array(data),
            "usage": ["prompt_tokens": JSON(promptTokens), "total_tokens": JSON(promptTokens)],
        ]
    }
}
