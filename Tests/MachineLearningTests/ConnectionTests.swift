import ARM
import CeruleanJSON
import Foundation
import Testing

/// Workspace connections as azure-ai-ml's `ml_client.connections` sends them (api-version 2025-12-01).
@Suite struct ConnectionTests {
    typealias H = MLHarness
    static let api = "2025-12-01"

    static func connection(_ ws: String, _ name: String) -> String { "\(H.workspace(ws))/connections/\(name)" }

    /// `ServerlessConnection(name=..., endpoint=..., api_key=...)._to_rest_object()`.
    static func serverless(target: String, key: String) -> String {
        #"{"properties": {"target": "\#(target)", "credentials": {"key": "\#(key)"}, "metadata": {}, "category": "Serverless", "isSharedToAll": true, "authType": "ApiKey"}}"#
    }

    func call(_ h: H, _ method: String, _ path: String, body: String? = nil, query: String = "") async -> ARMResponse {
        await h.call(method, path, body: body, apiVersion: Self.api, query: queryPairs(query))
    }

    @Test func createIsSynchronousAndTheKeyOnlyComesFromListSecrets() async throws {
        let h = try await H(policy: .standard)
        await h.makeWorkspace("consumer")
        let path = Self.connection("consumer", "llama-conn")
        let target = "https://cerulean.test/serverless/eastus2/meta-llama3-8b-qwerty"
        let created = await call(h, "PUT", path, body: Self.serverless(target: target, key: "secret-key-1"))
        #expect(created.status == 200, "azure-ai-ml accepts only 200 on create")
        #expect(created.header("Azure-AsyncOperation") == nil)
        let p = try #require(created.props)
        #expect(p["category"] == "Serverless" && p["authType"] == "ApiKey" && p["target"] == .string(target))
        #expect(p["credentials"] == nil && p["provisioningState"] == nil)
        #expect(p["isSharedToAll"] == true && p["metadata"] == [:])
        #expect(p["createdByWorkspaceArmId"] == .string(H.workspace("consumer")))
        #expect(created.body?["type"] == "Microsoft.MachineLearningServices/workspaces/connections")
        #expect(created.body?["location"] == nil)
        let get = await call(h, "GET", path)
        #expect(get.status == 200 && get.props?["credentials"] == nil)
        #expect(get.body.map { !$0.serialized().contains(Data("secret-key-1".utf8)) } == true)
        let list = await call(h, "GET", H.workspace("consumer") + "/connections")
        #expect(list.body?["value"]?.arrayValue?.count == 1)
        #expect(list.body.map { !$0.serialized().contains(Data("secret-key-1".utf8)) } == true)
        let secrets = await call(h, "POST", path + "/listsecrets")
        #expect(secrets.status == 200)
        #expect(secrets.props?["credentials"] == ["key": "secret-key-1"])
        #expect(secrets.props?["target"] == .string(target))

        // Saved again as read back (no key): the key stays. A new key replaces it.
        let resaved = await call(h, "PUT", path, body: #"{"properties": {"target": "\#(target)", "credentials": {"key": null}, "category": "serverless", "authType": "ApiKey"}}"#)
        #expect(resaved.status == 200)
        #expect(await call(h, "POST", path + "/listsecrets").props?["credentials"]?["key"] == "secret-key-1")
        _ = await call(h, "PATCH", path, body: #"{"properties": {"credentials": {"key": "secret-key-2"}}}"#)
        #expect(await call(h, "POST", path + "/listsecrets").props?["credentials"]?["key"] == "secret-key-2")

        #expect(await call(h, "DELETE", path).status == 200)
        #expect(await call(h, "GET", path).status == 404)
        #expect(await call(h, "DELETE", path).status == 204)
        #expect(try await h.store.read { tx in try tx.documents("connectionSecrets").count } == 0)
    }

    @Test func categoriesAndCredentialShapes() async throws {
        let h = try await H()
        await h.makeWorkspace("conn-ws")
        func put(_ name: String, _ props: String) async -> ARMResponse {
            await call(h, "PUT", Self.connection("conn-ws", name), body: #"{"properties": \#(props)}"#)
        }
        let aoai = await put("aoai", #"{"target": "https://aoai.openai.azure.com/", "credentials": {"key": "k"}, "metadata": {"ApiVersion": "2024-10-21", "ApiType": "Azure", "ResourceId": null}, "category": "AzureOpenAi", "authType": "ApiKey"}"#)
        #expect(aoai.status == 200 && aoai.props?["category"] == "AzureOpenAI" && aoai.props?["metadata"]?["ApiType"] == "Azure")
        let services = await put("ais", #"{"target": "https://ais.cognitiveservices.azure.com/", "credentials": {"key": "k"}, "metadata": {"ResourceId": "/subscriptions/s/resourceGroups/g/providers/Microsoft.CognitiveServices/accounts/ais"}, "category": "AIServices", "authType": "ApiKey"}"#)
        #expect(services.status == 200)
        let custom = await put("custom", #"{"target": "https://t", "credentials": {"keys": {"a": "1", "b": "2"}}, "category": "CustomKeys", "authType": "CustomKeys"}"#)
        #expect(custom.status == 200)
        #expect(await call(h, "POST", Self.connection("conn-ws", "custom") + "/listsecrets").props?["credentials"] == ["keys": ["a": "1", "b": "2"]])
        let aad = await put("aad", #"{"target": "https://aoai.openai.azure.com/", "category": "AzureOpenAI", "authType": "AAD"}"#)
        #expect(aad.status == 200)
        #expect(await call(h, "POST", Self.connection("conn-ws", "aad") + "/listsecrets").props?["credentials"] == nil)

        let unknown = await put("bad1", #"{"target": "https://t", "category": "Serverles", "authType": "None"}"#)
        #expect(unknown.status == 400 && unknown.errorCode == "InvalidParameter" && unknown.errorMessage?.contains("Serverless") == true)
        #expect(await put("bad2", #"{"target": "https://t", "authType": "None"}"#).errorMessage?.contains("properties.category") == true)
        #expect(await put("bad3", #"{"category": "Serverless", "authType": "ApiKey", "credentials": {"key": "k"}}"#).errorMessage?.contains("properties.target") == true)
        #expect(await put("bad4", #"{"target": "https://t", "category": "Serverless", "authType": "ApiKey"}"#).errorMessage?.contains("properties.credentials.key") == true)
        #expect(await put("bad5", #"{"target": "https://t", "category": "CustomKeys", "authType": "CustomKeys", "credentials": {"keys": {"a": 1}}}"#).errorCode == "InvalidRequestContent")
        #expect(await put("bad6", #"{"target": "https://t", "category": "Serverless", "authType": "Password"}"#).errorMessage?.contains("properties.authType") == true)
        #expect(await put("bad7", #"{"target": "https://t", "category": "Serverless", "authType": "ApiKey", "credentials": "k"}"#).errorCode == "InvalidRequestContent")
        #expect(await put("-bad8", #"{"target": "https://t", "category": "Serverless", "authType": "None"}"#).errorCode == "InvalidResourceName")
        let missingWorkspace = await call(h, "PUT", Self.connection("nows", "c"), body: Self.serverless(target: "https://t", key: "k"))
        #expect(missingWorkspace.status == 404 && missingWorkspace.errorCode == "ParentResourceNotFound")
    }

    @Test func listsFilterByCategoryAndTarget() async throws {
        let h = try await H()
        await h.makeWorkspace("conn-ws")
        _ = await call(h, "PUT", Self.connection("conn-ws", "one"), body: Self.serverless(target: "https://a", key: "k"))
        _ = await call(h, "PUT", Self.connection("conn-ws", "two"), body: Self.serverless(target: "https://b", key: "k"))
        _ = await call(h, "PUT", Self.connection("conn-ws", "three"), body: #"{"properties": {"target": "https://a", "category": "CustomKeys", "authType": "CustomKeys", "credentials": {"keys": {}}}}"#)
        func names(_ query: String) async -> [String] {
            await call(h, "GET", H.workspace("conn-ws") + "/connections", query: query).body?["value"]?.arrayValue?
                .compactMap { $0["name"]?.stringValue }.sorted() ?? []
        }
        #expect(await names("") == ["one", "three", "two"])
        #expect(await names("category=Serverless") == ["one", "two"])
        #expect(await names("category=customKeys") == ["three"])
        #expect(await names("target=https%3A%2F%2Fa") == ["one", "three"])
        #expect(await names("category=Serverless&target=https%3A%2F%2Fb") == ["two"])
    }

    /// Deleting the workspace deletes its connections and their secrets.
    @Test func workspaceDeletionTakesTheSecrets() async throws {
        let h = try await H()
        await h.makeWorkspace("conn-ws")
        _ = await call(h, "PUT", Self.connection("conn-ws", "one"), body: Self.serverless(target: "https://a", key: "k"))
        #expect(try await h.store.read { tx in try tx.documents("connectionSecrets").count } == 1)
        _ = await h.call("DELETE", H.workspace("conn-ws"))
        #expect(try await h.store.read { tx in try tx.documents("connectionSecrets").count } == 0)
    }
}

/// Query pairs from `a=b&c=d` (percent-decoded), for the test requests.
private func queryPairs(_ query: String) -> [(String, String)] {
    query.split(separator: "&").map { pair in
        let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? String($0) }
        return (parts[0], parts.count > 1 ? parts[1] : "")
    }
}
