import ARM
import CeruleanJSON
import Foundation
import Hummingbird

/// `GET|PUT /_cerulean/provisioning`: the provisioning policy per resource type at run time.
/// PUT `{"default": "after:2s"}`, `{"type": "Microsoft.X/y", "policy": "immediate"}` or
/// `{"policySet": "azure-like"}` (`null` turns it off).
struct ProvisioningAdmin {
    let policies: PolicyBook

    func get() -> Response {
        var types = JSONObject()
        for (type, policy) in policies.overrides.sorted(by: { $0.key < $1.key }) { types[type] = .string(policy.description) }
        var set = JSONObject()
        for (type, policy) in policies.setPolicies.sorted(by: { $0.key < $1.key }) { set[type] = .string(policy.description) }
        return JSONResponse.make(status: 200, body: ["default": .string(policies.defaultPolicy.description), "types": .object(types),
                                                     "policySet": JSON(policies.policySet?.rawValue), "policySetTypes": .object(set)])
    }

    func put(_ body: Data) throws -> Response {
        let object = try BodyReader.object(body)
        if let setValue = object["policySet"] {
            guard setValue.isNull || setValue.stringValue.flatMap(PolicyBook.PolicySet.init(rawValue:)) != nil else {
                throw ARMError.invalidRequestContent("'policySet' must be one of \(PolicyBook.PolicySet.allCases.map(\.rawValue).joined(separator: ", ")), or null")
            }
            policies.use(setValue.stringValue.flatMap(PolicyBook.PolicySet.init(rawValue:)))
            if object["policy"] == nil && object["default"] == nil { return get() }
        }
        let text = try BodyReader.optionalString(object, "policy") ?? BodyReader.optionalString(object, "default")
        guard let text, let policy = ProvisioningPolicy(parsing: text) else {
            throw ARMError.invalidRequestContent("'policy' (or 'default') must be immediate, after:Ns or after:Npolls, optionally with ,fail:Code:message")
        }
        let type = try BodyReader.optionalString(object, "type")
        if object["default"] != nil && type != nil {
            throw ARMError.invalidRequestContent("Give either 'default', or 'type' with 'policy'")
        }
        policies.set(policy, for: type)
        return get()
    }
}
