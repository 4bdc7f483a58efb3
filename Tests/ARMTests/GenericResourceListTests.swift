import ARM
import CeruleanJSON
import Foundation
import Testing

/// `GET .../resources`, as `az resource list` calls it.
@Suite struct GenericResourceListTests {
    typealias H = EngineHarness

    func names(_ r: ARMResponse) -> [String] { r.body?["value"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? [] }

    func setUp() async throws -> H {
        let h = try await H(policy: .immediate)
        await h.makeGroup("rg1")
        await h.makeGroup("rg2", location: "westus")
        await h.makeWidget("alpha", body: #"{"location":"eastus","tags":{"env":"dev"}}"#)
        await h.makeWidget("beta", body: #"{"location":"eastus","tags":{"env":"prod"}}"#)
        _ = await h.call("PUT", H.widget("alpha") + "/gadgets/g1", body: "{}")
        _ = await h.call("PUT", "/subscriptions/\(H.sub)/resourceGroups/rg2/providers/Microsoft.CeruleanTest/widgets/gamma",
                         body: #"{"location":"westus"}"#)
        return h
    }

    @Test func listsEveryResourceButGroupsInTheGenericShape() async throws {
        let h = try await setUp()
        let all = await h.call("GET", "/subscriptions/\(H.sub)/resources")
        #expect(all.status == 200)
        #expect(names(all) == ["alpha", "alpha/g1", "beta", "gamma"])  // creation time, then id
        let first = try #require(all.body?["value"]?[0]?.objectValue)
        #expect(first["type"] == "Microsoft.CeruleanTest/widgets")
        #expect(first["location"] == "eastus")
        #expect(first["tags"]?["env"] == "dev")
        #expect(first["properties"] == nil)
        #expect(names(await h.call("GET", "/subscriptions/\(H.sub)/resourceGroups/RG2/resources")) == ["gamma"])
        #expect(await h.call("GET", "/subscriptions/\(H.sub)/resourceGroups/nope/resources").errorCode == "ResourceGroupNotFound")
    }

    @Test func filtersExpandAndPages() async throws {
        let h = try await setUp()
        func filtered(_ f: String) async -> [String] {
            names(await h.call("GET", "/subscriptions/\(H.sub)/resources?$filter=" + (f.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? f)))
        }
        #expect(await filtered("resourceType eq 'Microsoft.CeruleanTest/widgets/gadgets'") == ["alpha/g1"])
        #expect(await filtered("resourceType eq 'microsoft.ceruleantest/widgets' and location eq 'westus'") == ["gamma"])
        #expect(await filtered("substringof('ta', name)") == ["beta"])
        #expect(await filtered("tagName eq 'env' and tagValue eq 'prod'") == ["beta"])
        #expect(await filtered("startswith(tagName, 'en')") == ["alpha", "beta"])
        #expect(await filtered("name eq 'alpha' or name eq 'gamma'") == ["alpha", "gamma"])
        #expect(await filtered("resourceGroup eq 'rg2'") == ["gamma"])
        let bad = await h.call("GET", "/subscriptions/\(H.sub)/resources?$filter=" + "size%20gt%203")
        #expect(bad.status == 400)
        #expect(bad.errorCode == "InvalidParameter")
        let expanded = await h.call("GET", "/subscriptions/\(H.sub)/resources?$expand=createdTime,provisioningState&$top=2")
        #expect(expanded.body?["value"]?[0]?["provisioningState"] == "Succeeded")
        #expect(expanded.body?["value"]?[0]?["createdTime"]?.stringValue != nil)
        #expect(expanded.body?["value"]?.arrayValue?.count == 2)
        let next = try #require(expanded.body?["nextLink"]?.stringValue)
        #expect(names(await h.follow(next)) == ["beta", "gamma"])
    }
}
