import CeruleanJSON
import Foundation
import Inference
import Testing

@Suite struct AccessTests {
    typealias H = InferenceHarness

    @Test func keysFromEitherHeaderAndEitherKeyOpenTheEndpoint() async {
        let h = InferenceHarness()
        #expect(await h.call(.info, body: nil, headers: ["api-key": H.chatKey]).status == 200)
        #expect(await h.call(.info, body: nil, headers: ["authorization": "Bearer \(H.chatKey)-2"]).status == 200)
        // azure-ai-inference sends both headers.
        #expect(await h.call(.info, body: nil, headers: ["api-key": H.chatKey, "authorization": "Bearer \(H.chatKey)"]).status == 200)
        // The scheme in any case, blanks around the value (read as bytes, not as Characters).
        #expect(await h.call(.info, body: nil, headers: ["authorization": "bEARER \t\(H.chatKey)  "]).status == 200)
        for headers in [[:], ["api-key": "wrong"], ["authorization": "Basic \(H.chatKey)"], ["api-key": H.embedKey],
                        ["authorization": "Bearer"], ["authorization": "Bearer\t\(H.chatKey)"], ["authorization": "Bearer \(H.chatKey)x"]] {
            let r = await h.call(.info, body: nil, headers: headers)
            #expect(r.status == 401)
            #expect(r.json == ["error": ["code": "Unauthorized", "message": "Access token is missing or invalid", "status": 401]])
            #expect(r.header("x-ms-error-code") == "Unauthorized")
        }
        let aoai = await h.chat(H.user("hi"), style: .azureOpenAI, headers: ["api-key": "nope"])
        #expect(aoai.status == 401)
        #expect(aoai.errorMessage?.hasPrefix("Access denied due to invalid subscription key") == true)
    }

    @Test func apiVersionRules() async {
        let h = InferenceHarness()
        let missing = await h.chat(H.user("hi"), apiVersion: nil)
        #expect(missing.status == 400)
        #expect(missing.errorCode == "MissingApiVersionParameter")
        let old = await h.chat(H.user("hi"), apiVersion: "2024-04-01-preview")
        #expect(old.errorCode == "UnsupportedApiVersion")
        #expect(await h.chat(H.user("hi"), apiVersion: "2025-05-01").status == 200)
        #expect(await h.chat(H.user("hi"), style: .openAIv1).status == 200)
        #expect(await h.chat(H.user("hi"), style: .azureOpenAI, apiVersion: nil).errorCode == "MissingApiVersionParameter")
        #expect(await h.chat(H.user("hi"), style: .azureOpenAI, apiVersion: "2024-10-21").status == 200)
        for garbage in ["zzz", "9999", "2024-5-01", "2024-05-01preview", "2024-05-0x", "２０２４-05-01"] {
            let refused = await h.chat(H.user("hi"), apiVersion: garbage)
            #expect(refused.status == 400, "\(garbage)")
            #expect(refused.errorCode == "UnsupportedApiVersion", "\(garbage)")
            #expect(await h.chat(H.user("hi"), style: .azureOpenAI, apiVersion: garbage).errorCode == "UnsupportedApiVersion")
        }
        #expect(await h.chat(H.user("hi"), apiVersion: "2024-05-01").status == 200)
    }

    @Test func unknownUnreadyUnhealthyAndDeletingEndpoints() async {
        let h = InferenceHarness()
        let unknown = await h.chat(H.user("hi"), endpoint: "ghost")
        #expect(unknown.status == 404)
        #expect(unknown.errorCode == "EndpointNotFound")
        #expect(await h.chat(H.user("hi"), endpoint: "ghost", style: .azureOpenAI).errorCode == "DeploymentNotFound")
        let creating = await h.chat(H.user("hi"), endpoint: "creating")
        #expect(creating.status == 409)
        #expect(creating.errorCode == "EndpointNotReady")
        #expect(creating.errorMessage?.contains("Creating") == true)
        let suspended = await h.chat(H.user("hi"), endpoint: "suspended")
        #expect(suspended.status == 403)
        #expect(suspended.errorCode == "EndpointUnhealthy")
        #expect(suspended.errorMessage?.contains("marketplace subscription") == true)
        #expect(await h.chat(H.user("hi"), endpoint: "going").status == 404)
    }

    @Test func modalityMustMatchTheRoute() async {
        let h = InferenceHarness()
        let chatOnEmbed = await h.chat(H.user("hi"), endpoint: "embed", headers: ["api-key": H.embedKey])
        #expect(chatOnEmbed.status == 404)
        #expect(chatOnEmbed.errorMessage == "Modality not supported by the model")
        #expect(await h.call(.embeddings, body: ["input": "x"], endpoint: "chat").errorMessage == "Modality not supported by the model")
        #expect(await h.chat(H.user("hi"), endpoint: "image").status == 404)
        let info = await h.call(.info, body: nil, endpoint: "embed")
        #expect(info.json == ["model_name": "Cohere-embed-v3-english", "model_type": "embeddings", "model_provider_name": "Cohere"])
        let wrongMethod = await h.service.handle(InferenceCall(operation: .info, style: .modelInference, target: .regional(region: "eastus2", name: "chat"),
                                                              method: "POST", headers: ["api-key": H.chatKey], apiVersion: "2024-05-01-preview", body: Data()))
        #expect(wrongMethod.status == 405)
    }
}
