import Foundation
import Hummingbird

struct Message: Codable { var role: String; var content: String }
struct ChatRequest: Decodable { var messages: [Message]; var max_tokens: Int? }
struct Choice: Encodable { var index: Int; var message: Message; var finish_reason: String }
struct Usage: Encodable { var prompt_tokens: Int; var completion_tokens: Int; var total_tokens: Int }
struct ChatAnswer: Encodable, ResponseEncodable {
    var id: String; var object: String; var created: Int; var model: String; var choices: [Choice]; var usage: Usage
}

let reply = String(repeating: "This is a simulated reply of about the same length. ", count: 5)
let router = Router()
router.post("/chat/completions") { request, context -> ChatAnswer in
    let chat = try await request.decode(as: ChatRequest.self, context: context)
    let prompt = chat.messages.reduce(0) { $0 + $1.content.unicodeScalars.count / 4 + 4 }
    let completion = min(chat.max_tokens ?? 64, reply.unicodeScalars.count / 4)
    return ChatAnswer(
        id: UUID().uuidString, object: "chat.completion", created: Int(Date().timeIntervalSince1970), model: "bare",
        choices: [Choice(index: 0, message: Message(role: "assistant", content: reply), finish_reason: "stop")],
        usage: Usage(prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion))
}
let port = Int(CommandLine.arguments.dropFirst().first ?? "8089") ?? 8089
let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
try await app.runService()
