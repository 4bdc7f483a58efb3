import Catalog
import Foundation
import MachineLearning
import Testing

@Suite struct CatalogTests {
    @Test func bundledCatalogCoversTheDocumentedKinds() throws {
        let catalog = try ModelCatalog.standard()
        #expect(catalog.models.count >= 15)
        #expect(Set(catalog.models.map(\.task)) == [.chatCompletion, .embeddings, .textToImage])
        let phi = try #require(catalog.model("azureml://registries/azureml/models/Phi-3-mini-4k-instruct"))
        #expect(!phi.requiresMarketplaceSubscription)
        let llama = try #require(catalog.model("AZUREML://registries/azureml-meta/models/meta-llama-3-8b-instruct"))
        #expect(llama.requiresMarketplaceSubscription)
        #expect(llama.limits == CatalogModel.RateLimits(tokensPerMinute: 200_000, requestsPerMinute: 1_000))
        for model in catalog.models {
            let id = try #require(ModelID(model.id))
            #expect((id.registry == "azureml") == !model.requiresMarketplaceSubscription, "\(model.id)")
        }
        #expect(catalog.models.contains { $0.id.hasSuffix("/Bria-2.3-Fast") && $0.task == .textToImage })
        #expect(catalog.models.contains { $0.task == .embeddings && $0.embeddingDimensions == 1024 })
    }

    @Test func modelIDs() throws {
        let versioned = try #require(ModelID("azureml://registries/azureml-meta/models/Meta-Llama-3-8B-Instruct/versions/3"))
        #expect(versioned.version == "3")
        #expect(versioned.unversioned == "azureml://registries/azureml-meta/models/Meta-Llama-3-8B-Instruct")
        #expect(ModelID("azureml://registries/x/models/y")?.version == nil)
        for bad in ["", "Meta-Llama-3-8B-Instruct", "azureml://registries/x/y", "azureml://registries//models/y",
                    "azureml://registries/x/models/y/versions/", "https://registries/x/models/y"] {
            #expect(ModelID(bad) == nil, "\(bad)")
        }
    }

    @Test func userCatalogsAddAndReplaceModels() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("catalog-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("mine.json")
        try #"""
        {"models": [
          {"id": "azureml://registries/azureml-acme/models/Acme-Chat", "name": "Acme-Chat", "publisher": "Acme",
           "task": "chat-completion", "marketplacePlan": {"publisherId": "acme", "offerId": "o", "planId": "p"},
           "regions": ["eastus2"], "rateLimits": {"tokensPerMinute": 1000, "requestsPerMinute": 5}},
          {"id": "azureml://registries/azureml/models/Phi-4", "name": "Phi-4", "publisher": "Microsoft",
           "task": "chat-completion", "marketplacePlan": null, "regions": ["westus"]}
        ]}
        """#.write(to: file, atomically: true, encoding: .utf8)
        let catalog = try ModelCatalog.standard(extraFiles: [file])
        #expect(catalog.model("azureml://registries/azureml-acme/models/Acme-Chat")?.limits.requestsPerMinute == 5)
        #expect(catalog.model("azureml://registries/azureml/models/Phi-4")?.regions == ["westus"])
        let bad = dir.appendingPathComponent("bad.json")
        try #"{"models":[{"id":"azureml://registries/a/models/b/versions/1","name":"b","publisher":"p","task":"chat-completion","regions":["x"]}]}"#
            .write(to: bad, atomically: true, encoding: .utf8)
        #expect(throws: ModelCatalog.LoadError.self) { try ModelCatalog.load(bad) }
        #expect(throws: ModelCatalog.LoadError.self) { try ModelCatalog.load(dir.appendingPathComponent("missing.json")) }
    }
}
