import CeruleanJSON
import Foundation
import Inference
import Testing

/// Tool and response schemas come from the client: the instance made from one stays bounded.
@Suite struct SchemaInstanceBoundsTests {
    func count(_ value: JSON) -> Int {
        switch value {
        case .array(let items): 1 + items.reduce(0) { $0 + count($1) }
        case .object(let o): 1 + o.reduce(0) { $0 + count($1.value) }
        default: 1
        }
    }

    @Test func hugeMinimumsAreCutShort() throws {
        var rng = DeterministicRandom(seed: 1)
        let nested = try JSONParser.parse(Data(#"""
            {"type":"array","minItems":1000000000,"items":{"type":"array","minItems":1000000000,
             "items":{"type":"array","minItems":1000000000,"items":{"type":"string","minLength":1000000000000}}}}
            """#.utf8))
        let value = SchemaInstance.make(nested, using: &rng)
        #expect((1...SchemaInstance.maximumItems).contains(value.arrayValue?.count ?? 0))
        #expect(count(value) <= SchemaInstance.maximumValues)
        #expect(value[0]?[0]?[0]?.stringValue?.count == SchemaInstance.maximumLength)  // the first strings are whole
        #expect(value.compactString.utf8.count < 1_000_000)
        let flat = try JSONParser.parse(Data(#"{"type":"array","minItems":1000000000,"items":{"type":"integer","minimum":1}}"#.utf8))
        let items = try #require(SchemaInstance.make(flat, using: &rng).arrayValue)
        #expect(items.count == SchemaInstance.maximumItems)
        #expect(items.allSatisfy { ($0.intValue ?? 0) >= 1 })
    }

    @Test func numbersStayFiniteAndInRange() throws {
        var rng = DeterministicRandom(seed: 2)
        for schema in [#"{"type":"number","minimum":-1e308,"maximum":1e308}"#, #"{"type":"number","minimum":1e308}"#,
                       #"{"type":"number","minimum":5,"maximum":6}"#] {
            let value = SchemaInstance.make(try JSONParser.parse(Data(schema.utf8)), using: &rng)
            let n = try #require(value.numberValue, "\(schema)")
            #expect(n.isFinite, "\(schema)")
            #expect(value.compactString.allSatisfy { $0.isNumber || "-+.e".contains($0) }, "\(schema): \(value.compactString)")
        }
    }

    @Test func aToolWithAHugeSchemaAnswersQuickly() async throws {
        let h = InferenceHarness()
        let tool: JSON = ["type": "function", "function": [
            "name": "explode",
            "parameters": try JSONParser.parse(Data(#"{"type":"object","properties":{"a":{"type":"array","minItems":100000000,"items":{"type":"array","minItems":100000000}}}}"#.utf8)),
        ]]
        let started = ContinuousClock.now
        let r = await h.chat(InferenceHarness.user("go").with("tools", [tool]).with("tool_choice", "required"))
        #expect(r.status == 200)
        #expect(r.json?["choices"]?[0]?["message"]?["tool_calls"]?[0]?["function"]?["name"] == "explode")
        #expect(ContinuousClock.now - started < .seconds(10))
    }
}
