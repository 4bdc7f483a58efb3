import Catalog
import Foundation
import MachineLearning
import Testing

@Suite struct CatalogTests {
    @Test func bundledCatalogCoversTheDocumentedKinds() throws {
        let catalog = try ModelCatalog.standard()
        #expect(catalog.models.count >= 15)
        #expect(Set(catalog.models.map(\.task)) == [.chatCompletion, .completion, .embeddings, .textToImage, .questionAnswering])
        // The question-answering model runs only on managed compute (no serverless regions).
        let squad = try #require(catalog.models.first { $0.task == .questionAnswering })
        #expect(squad.managedCompute?.scoring == .questionAnswering)
        #expect(squad.regions.isEmpty)
        let phi = try #require(catalog.model("azureml://registries/azureml/models/Phi-3-mini-4k-instruct"))
        #expect(!phi.requiresMarketplaceSubscription)
        let llama = try #require(catalog.model("AZUREML://registries/azureml-meta/models/meta-llama-3-8b-instruct"))
        #expect(llama.requiresMarketplaceSubscription)
        #expect(llama.limits == CatalogModel.RateLimits(tokensPerMinute: 200_000, requestsPerMinute: 1_000))
        for model in catalog.models where !model.regions.isEmpty {
            let id = try #require(ModelID(model.id))
            #expect((id.registry == "azureml") == !model.requiresMarketplaceSubscription, "\(model.id)")
        }
        #expect(catalog.models.contains { $0.id.hasSuffix("/Bria-2.3-Fast") && $0.task == .textToImage })
        #expect(catalog.models.contains { $0.task == .embeddings && $0.embeddingDimensions == 1024 })
    }

    @Test func accountDeploymentSections() throws {
        let catalog = try ModelCatalog.standard()
        for name in ["gpt-35-turbo", "gpt-4", "gpt-4o", "gpt-4o-mini", "gpt-4.1", "o1", "o3-mini", "text-embedding-ada-002",
                     "text-embedding-3-small", "text-embedding-3-large"] {
            let model = try #require(catalog.accountModel(format: "openai", name: name), "\(name)")
            #expect(model.regions.isEmpty, "\(name) is not a serverless model")
            #expect(model.accountDeployment?.offers(kind: "OpenAI") == true)
            #expect(model.accountDeployment?.defaultVersion != nil)
        }
        let mistral = try #require(catalog.accountModel(format: "Mistral AI", name: "Mistral-large-2407"))
        #expect(mistral.accountDeployment?.accountKinds == ["AIServices"])
        #expect(mistral.accountDeployment?.sku("globalstandard") != nil)
        #expect(mistral.requiresMarketplaceSubscription, "the same entry still serves serverless deployment")
        #expect(catalog.accountModel(format: "OpenAI", name: "Mistral-large-2407") == nil)
        let ada = try #require(catalog.accountModel(format: "OpenAI", name: "text-embedding-ada-002"))
        #expect(ada.embeddingDimensions == 1536)
    }

    @Test func accountSectionsAreChecked() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let bad = dir.appendingPathComponent("bad.json")
        try Data(#"{"models":[{"id":"azureml://registries/x/models/m","name":"m","publisher":"P","task":"chat-completion","accountDeployment":{"format":"P","accountKinds":["AIServices"],"versions":[],"skus":[]}}]}"#.utf8).write(to: bad)
        #expect(throws: ModelCatalog.LoadError.self) { try ModelCatalog.load(bad) }
        let none = dir.appendingPathComponent("none.json")
        try Data(#"{"models":[{"id":"azureml://registries/x/models/m","name":"m","publisher":"P","task":"chat-completion"}]}"#.utf8).write(to: none)
        #expect(throws: ModelCatalog.LoadError.self) { try ModelCatalog.load(none) }
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
