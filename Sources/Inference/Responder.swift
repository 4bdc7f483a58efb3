import CeruleanJSON
import Foundation

/// A tool call in a reply.
public struct ToolCall: Sendable, Equatable {
    public var id: String
    public var name: String
    public var arguments: String

    public init(id: String, name: String, arguments: String) {
        self.id = id
        self.name = name
        self.arguments = arguments
    }
}

/// What a responder says for one choice: text, or tool calls.
public struct Reply: Sendable, Equatable {
    public var text: String?
    public var toolCalls: [ToolCall]

    public init(text: String?, toolCalls: [ToolCall] = []) {
        self.text = text
        self.toolCalls = toolCalls
    }
}

/// Makes the assistant's reply. Responders are chained: the first that answers wins.
public protocol Responder: Sendable {
    /// The reply for choice `index`, or `nil` to let the next responder answer.
    func reply(to request: ChatRequest, endpoint: InferenceEndpoint, index: Int) -> Reply?
}

/// Answers with the last user message, verbatim.
public struct EchoResponder: Responder {
    public init() {}

    public func reply(to request: ChatRequest, endpoint: InferenceEndpoint, index: Int) -> Reply? {
        Reply(text: request.lastUserText)
    }
}

/// Tries responders in order.
public struct ResponderChain: Responder {
    public let responders: [any Responder]

    public init(_ responders: [any Responder]) {
        self.responders = responders
    }

    public func reply(to request: ChatRequest, endpoint: InferenceEndpoint, index: Int) -> Reply? {
        for responder in responders {
            if let reply = responder.reply(to: request, endpoint: endpoint, index: index) { return reply }
        }
        return nil
    }
}
