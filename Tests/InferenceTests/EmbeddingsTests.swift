import CeruleanJSON
import Foundation
import Inference
import Testing

@Suite struct EmbeddingsTests {
    typealias H = InferenceHarness

    func vectors(_ r: InferenceResponse) -> [[Double]] {
        r.json?["data"]?.arrayValue?.map { $0["embedding"]?.arrayValue?.compactMap(\.numberValue) ?? [] } ?? []
    }

    @Test func deterministicUnitVectorsOfTheCatalogSize() async throws {
        let h = InferenceHarness()
        let r = await h.call(.embeddings, body: ["input": ["first text", "second text"]], endpoint: "embed")
        #expect(r.status == 200)
        #expect(r.json?["object"]?.stringValue == "list")
        #expect(r.json?["model"]?.stringValue == "Cohere-embed-v3-english")
        #expect(r.json?["data"]?.arrayValue?.map { $0["index"]?.intValue } == [0, 1])
        #expect(r.json?["data"]?[0]?["object"]?.stringValue == "embedding")
        let v = vectors(r)
        #expect(v.map(\.count) == [1024, 1024])
        for vector in v { #expect(abs(vector.reduce(0) { $0 + $1 * $1 } - 1) < 1e-4) }
        #expect(v[0] != v[1])
        let again = await h.call(.embeddings, body: ["input": "first text"], endpoint: "embed")
        #expect(vectors(again).first == v[0])
        #expect(r.json?["usage"]?["prompt_tokens"]?.intValue == 6)
        #expect(r.json?["usage"]?["total_tokens"]?.intValue == 6)
    }

    @Test func dimensionsAndBase64() async throws {
        let h = InferenceHarness()
        let small = await h.call(.embeddings, body: ["input": "x", "dimensions": 256], endpoint: "embed")
        #expect(vectors(small).first?.count == 256)
        let floats = await h.call(.embeddings, body: ["input": "x", "dimensions": 8], endpoint: "embed")
        let packed = await h.call(.embeddings, body: ["input": "x", "dimensions": 8, "encoding_format": "base64"], endpoint: "embed")
        let data = try #require(Data(base64Encoded: packed.json?["data"]?[0]?["embedding"]?.stringValue ?? ""))
        let decoded = data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }.map { Double($0) }
        #expect(decoded.count == 8)
        #expect(zip(decoded, vectors(floats).first ?? []).allSatisfy { abs($0 - $1) < 1e-6 })
    }

    @Test func invalidRequests() async {
        let h = InferenceHarness()
        #expect(await h.call(.embeddings, body: [:], endpoint: "embed").status == 400)
        #expect(await h.call(.embeddings, body: ["input": []], endpoint: "embed").status == 400)
        #expect(await h.call(.embeddings, body: ["input": [1, 2]], endpoint: "embed").status == 400)
        let tooWide = await h.call(.embeddings, body: ["input": "x", "dimensions": 4096], endpoint: "embed")
        #expect(tooWide.status == 422)
        #expect(tooWide.json?["error"]?["detail"]?[0]?["loc"] == ["body", "dimensions"])
        #expect(await h.call(.embeddings, body: ["input": "x", "encoding_format": "int8"], endpoint: "embed").status == 422)
        #expect(await h.call(.embeddings, body: ["input": "x", "input_type": "image"], endpoint: "embed").status == 422)
        #expect(await h.call(.embeddings, body: ["input": "x", "truncate": "END"], endpoint: "embed").status == 422)
    }
}
