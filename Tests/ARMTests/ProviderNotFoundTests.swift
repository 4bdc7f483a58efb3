import ARM
import CeruleanJSON
import CeruleanTestSupport
import Testing

/// `NoRegisteredProviderFound` as ARM words it (the type below its namespace, the location and
/// api-version asked for, the supported api-versions and locations), and for a type Cerulean does
/// not emulate, a sentence saying so with the types it does emulate.
@Suite struct ProviderNotFoundTests {
    typealias H = EngineHarness

    @Test func aTypeCeruleanDoesNotEmulate() async throws {
        let h = try await H()
        await h.makeGroup(location: "westus")
        let put = await h.call("PUT", "\(H.group)/providers/Microsoft.Web/sites/app1",
                               body: #"{"location":"West Europe"}"#, apiVersion: "2023-12-01")
        #expect(put.status == 400 && put.errorCode == "NoRegisteredProviderFound")
        let message = try #require(put.errorMessage)
        #expect(message.hasPrefix("No registered resource provider found for location 'westeurope' and API version '2023-12-01' for type 'sites'. "))
        #expect(message.contains("Cerulean does not emulate 'Microsoft.Web/sites'"))
        #expect(message.contains("Microsoft.CeruleanTest/widgets, Microsoft.CeruleanTest/widgets/gadgets"))
        #expect(message.contains("docs/index.md"))
        #expect(!message.contains("'global'"))
        // Without a body the resource group's location is the one named.
        let get = await h.call("GET", "\(H.group)/providers/Microsoft.Web/sites/app1", apiVersion: "2023-12-01")
        #expect(get.errorMessage?.hasPrefix("No registered resource provider found for location 'westus' and API version '2023-12-01' for type 'sites'.") == true)
        let nested = await h.call("GET", "\(H.group)/providers/Microsoft.CeruleanTest/widgets/w1/doodads", apiVersion: "2024-01-01")
        #expect(nested.errorMessage?.contains("for type 'widgets/doodads'") == true)
        #expect(nested.errorMessage?.contains("Cerulean does not emulate 'Microsoft.CeruleanTest/widgets/doodads'") == true)
    }

    @Test func aKnownTypeAtAScopeItDoesNotHave() async throws {
        let h = try await H()
        // Gadgets cannot be listed across a subscription; the answer names what the type supports.
        let list = await h.call("GET", "/subscriptions/\(H.sub)/providers/Microsoft.CeruleanTest/widgets/w1/gadgets")
        #expect(list.errorCode == "NoRegisteredProviderFound")
        #expect(list.errorMessage?.contains("for type 'widgets/gadgets'. The supported api-versions are") == true)
        let sub = await h.call("GET", "/subscriptions/\(H.sub)/providers/Microsoft.CeruleanTest/widgets/w1", apiVersion: "2023-01-01")
        #expect(sub.errorCode == "NoRegisteredProviderFound")
        #expect(sub.errorMessage == "No registered resource provider found for location 'global' and API version '2023-01-01' for type 'widgets'. The supported api-versions are '2024-01-01'. The supported locations are 'eastus, westus'.")
    }

    @Test func anActionATypeDoesNotHave() async throws {
        let h = try await H(policy: .immediate)
        await h.makeGroup()
        await h.makeWidget("w1")
        let unknown = await h.call("POST", H.widget("w1") + "/explode")
        #expect(unknown.status == 400 && unknown.errorCode == "NoRegisteredProviderFound")
        #expect(unknown.errorMessage?.hasPrefix("No registered resource provider found for location 'eastus' and API version '2024-01-01' for type 'widgets/explode'.") == true)
        #expect(unknown.errorMessage?.contains("The actions Cerulean emulates on 'Microsoft.CeruleanTest/widgets' are: listsecrets.") == true)
    }
}
