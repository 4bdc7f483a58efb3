import ARM
import CeruleanJSON
import Foundation
import Testing

/// ARM's documented tag limits, with ARM's codes, on PUT and PATCH; a refused write changes nothing.
@Suite struct TagRulesTests {
    typealias H = EngineHarness

    func tags(_ pairs: [(String, String)]) -> String {
        String(decoding: JSON.object(JSONObject(pairs.map { ($0.0, JSON.string($0.1)) })).serialized(), as: UTF8.self)
    }

    func put(_ h: H, _ tagsJSON: String) async -> ARMResponse {
        await h.call("PUT", "/subscriptions/\(H.sub)/resourceGroups/tagged", body: #"{"location":"eastus","tags":\#(tagsJSON)}"#)
    }

    @Test func fiftyTagsAreAllowedAndFiftyOneRefused() async throws {
        let h = try await H()
        let fifty = (1...50).map { ("t\($0)", "v") }
        #expect(await put(h, tags(fifty)).status == 201)
        let refused = await put(h, tags(fifty + [("t51", "v")]))
        #expect(refused.status == 400)
        #expect(refused.errorCode == "InvalidTags")
        #expect(refused.errorMessage == "Too many tags specified. Requested tag count - '51'. Maximum number of tags allowed - '50'.")
        #expect(await h.call("GET", "/subscriptions/\(H.sub)/resourceGroups/tagged").body?["tags"]?.objectValue?.count == 50)
    }

    @Test func namesUpTo512AndValuesUpTo256Characters() async throws {
        let h = try await H()
        #expect(await put(h, tags([(String(repeating: "n", count: 512), String(repeating: "v", count: 256))])).status == 201)
        let longName = await put(h, tags([(String(repeating: "n", count: 513), "v")]))
        #expect(longName.status == 400)
        #expect(longName.errorCode == "InvalidTagName")
        #expect(longName.errorMessage?.hasSuffix("Maximum allowed length for tag name - '512' characters.") == true)
        let longValue = await put(h, tags([("name", String(repeating: "v", count: 257))]))
        #expect(longValue.errorCode == "InvalidTagValueLength")
        #expect(longValue.errorMessage?.hasSuffix("Maximum allowed length for tag value - '256' characters.") == true)
        // A 4 MB value is refused with a short message, not echoed whole.
        let huge = await put(h, tags([("name", String(repeating: "v", count: 4_000_000))]))
        #expect(huge.errorCode == "InvalidTagValueLength")
        #expect((huge.errorMessage?.count ?? .max) < 400)
    }

    @Test func lengthsCountUTF16CodeUnitsAsARMDoes() async throws {
        let h = try await H()
        #expect(await put(h, tags([("accents", String(repeating: "é", count: 256))])).status == 201)
        #expect(await put(h, tags([("emoji", String(repeating: "🙂", count: 129))])).errorCode == "InvalidTagValueLength")  // 258 units
    }

    @Test func emptyNamesAndReservedCharactersAreRefused() async throws {
        let h = try await H()
        #expect(await put(h, tags([("  ", "v")])).errorCode == "InvalidTagName")
        #expect(await put(h, tags([("", "v")])).errorCode == "InvalidTagName")
        for bad in ["a/b", "a<b", "a>b", "50%", "a&b", "a\\b", "why?", "tab\tname"] {
            let refused = await put(h, tags([(bad, "v")]))
            #expect(refused.errorCode == "InvalidTagNameCharacters", "\(bad)")
        }
        #expect(await put(h, tags([("Cost-Center.eu_1 (x)", "a/b?&%<>")])).status == 201)  // values may hold any character
    }

    @Test func patchIsCheckedTooAndARefusalChangesNothing() async throws {
        let h = try await H()
        #expect(await put(h, tags([("keep", "me")])).status == 201)
        let path = "/subscriptions/\(H.sub)/resourceGroups/tagged"
        let before = await h.call("GET", path)
        let patched = await h.call("PATCH", path, body: #"{"tags":\#(tags((1...51).map { ("t\($0)", "v") }))}"#)
        #expect(patched.errorCode == "InvalidTags")
        let after = await h.call("GET", path)
        #expect(after.body?["tags"] == ["keep": "me"])
        #expect(after.header("ETag") == before.header("ETag"))
    }
}
