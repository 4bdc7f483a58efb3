import CeruleanJSON
import Foundation

/// Replies from a rules file: the first rule whose pattern matches the last user message (and
/// whose endpoint or model filter, if any, fits) gives the reply.
///
/// ```json
/// {"rules": [
///   {"match": "(?i)capital of france", "reply": "Paris."},
///   {"endpoint": "llama-ep", "match": ".*", "reply": "Only llama-ep says this."},
///   {"model": "azureml://registries/azureml/models/Phi-4", "match": "weather", "toolCall": {"name": "get_weather", "arguments": {"city": "Paris"}}}
/// ]}
/// ```
public struct ScriptedResponder: Responder {
    public struct Rule: Sendable {
        public var endpoint: String?
        public var model: String?
        public var pattern: String
        public var reply: String?
        public var toolCall: (name: String, arguments: String)?

        public init(endpoint: String?, model: String?, pattern: String, reply: String?,
                    toolCall: (name: String, arguments: String)?) {
            self.endpoint = endpoint
            self.model = model
            self.pattern = pattern
            self.reply = reply
            self.toolCall = toolCall
        }
    }

    public let rules: [Rule]

    public init(rules: [Rule]) {
        self.rules = rules
    }

    public struct LoadError: Error, CustomStringConvertible {
        public let description: String
    }

    public static func load(_ url: URL) throws -> ScriptedResponder {
        let json: JSON
        do { json = try JSONParser.parse(try Data(contentsOf: url)) } catch {
            throw LoadError(description: "Cannot read the replies file \(url.path): \(error)")
        }
        guard let items = json["rules"]?.arrayValue else {
            throw LoadError(description: "The replies file \(url.path) needs a \"rules\" array.")
        }
        let rules = try items.enumerated().map { i, item -> Rule in
            guard let pattern = item["match"]?.stringValue else {
                throw LoadError(description: "Rule \(i) of \(url.path) has no \"match\" pattern.")
            }
            guard (try? NSRegularExpression(pattern: pattern)) != nil else {
                throw LoadError(description: "Rule \(i) of \(url.path): \"\(pattern)\" is not a valid regular expression.")
            }
            var tool: (String, String)?
            if let call = item["toolCall"], let name = call["name"]?.stringValue {
                tool = (name, (call["arguments"] ?? [:]).compactString)
            }
            guard item["reply"]?.stringValue != nil || tool != nil else {
                throw LoadError(description: "Rule \(i) of \(url.path) has neither \"reply\" nor \"toolCall\".")
            }
            return Rule(endpoint: item["endpoint"]?.stringValue, model: item["model"]?.stringValue, pattern: pattern,
                        reply: item["reply"]?.stringValue, toolCall: tool)
        }
        return ScriptedResponder(rules: rules)
    }

    public func reply(to request: ChatRequest, endpoint: InferenceEndpoint, index: Int) -> Reply? {
        let text = request.lastUserText
        for rule in rules {
            if let name = rule.endpoint, name.lowercased() != endpoint.name.lowercased() { continue }
            if let model = rule.model, model.lowercased() != endpoint.modelID.lowercased() { continue }
            guard text.range(of: rule.pattern, options: .regularExpression) != nil else { continue }
            if let call = rule.toolCall {
                return Reply(text: nil, toolCalls: [ToolCall(id: "call_scripted_\(index)", name: call.name, arguments: call.arguments)])
            }
            return Reply(text: rule.reply)
        }
        return nil
    }
}
