import CeruleanJSON
import Foundation

/// parameters, variables, copyIndex, deployment, resourceGroup, subscription, tenant, environment, newGuid.
enum DeploymentFunctions {
    static let table: [String: TemplateFunction] = [
        "parameters": { c in
            try c.arity(1)
            let name = try c.string(0)
            let params = c.scope.parameters
            if let v = params[name] { return v }
            if let key = params.keys.first(where: { $0.lowercased() == name.lowercased() }) { return params[key]! }
            throw TemplateError.parameterNotFound(name)
        },
        "variables": { c in
            try c.arity(1)
            let name = try c.string(0)
            let table = c.scope.variables
            if let fromCopy = try table.copyDefined(name, using: c.evaluator) { return fromCopy }
            return try table.value(name, using: c.evaluator)
        },
        "copyindex": { c in
            try c.arity(0, 2)
            var loop: String?
            var offset = 0
            if c.count >= 1 {
                let first = try c.value(0)
                if let s = first.stringValue { loop = s } else if let n = first.intValue { offset = n }
                else { throw TemplateError.argumentType(c.name, expected: "'String' or 'Integer'", found: Evaluator.kind(first)) }
            }
            if c.count == 2 { offset = try c.int(1) }
            let indices = c.scope.copyIndices
            let match = loop.map { name in indices.last(where: { $0.name.lowercased() == name.lowercased() }) } ?? indices.last
            guard let match else {
                throw TemplateError("The template function 'copyIndex' is not expected at this location\(loop.map { ": there is no copy loop named '\($0)' around it" } ?? ""). Please see https://aka.ms/arm-copy for usage details.")
            }
            return JSON(match.index + offset)
        },
        "deployment": { c in
            try c.arity(0)
            return .object(["name": .string(c.scope.environment.deploymentName),
                            "properties": .object(["templateLink": .null]),
                            "location": JSON(c.scope.environment.location)])
        },
        "resourcegroup": { c in
            try c.arity(0)
            guard let group = c.scope.environment.resourceGroup else {
                throw TemplateError("The template function 'resourceGroup' is not expected at this location: the deployment is at subscription scope. Please see https://aka.ms/arm-functions-resource for usage details.")
            }
            return .object(group)
        },
        "subscription": { c in
            try c.arity(0)
            let env = c.scope.environment
            return .object(["id": .string("/subscriptions/\(env.subscriptionID)"), "subscriptionId": .string(env.subscriptionID),
                            "tenantId": .string(env.tenantID), "displayName": .string(env.subscriptionName)])
        },
        "tenant": { c in
            try c.arity(0)
            let tenant = c.scope.environment.tenantID
            return .object(["id": .string("/tenants/\(tenant)"), "tenantId": .string(tenant), "countryCode": "US", "displayName": "Cerulean"])
        },
        "environment": { c in
            try c.arity(0)
            return .object(["name": "Cerulean", "resourceManager": .string(c.scope.environment.resourceManagerURL),
                            "authentication": .object(["loginEndpoint": .string(c.scope.environment.resourceManagerURL)])])
        },
        "newguid": { c in try c.arity(0); return .string(UUID().uuidString.lowercased()) },
    ]
}
