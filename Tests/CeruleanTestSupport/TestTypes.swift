import ARM
import CeruleanJSON

/// Resource types that exist only in tests, to prove the engine is generic: adding them
/// touches nothing in the engine.
public enum TestTypes {
    public static let namespace = "Microsoft.CeruleanTest"
    public static let widgetType = "Microsoft.CeruleanTest/widgets"
    public static let gadgetType = "Microsoft.CeruleanTest/widgets/gadgets"

    public static var all: [ResourceType] { [widgets, gadgets] }

    /// Tracked; `properties.size` must be an integer; `color` defaults to blue; `serial` is read-only;
    /// `listSecrets` is an action; provisioning events are recorded in `properties.health`;
    /// `portalUrl` is added on the way out from the URL the server is reached at.
    public static var widgets: ResourceType {
        var t = ResourceType(type: widgetType)
        t.apiVersions = ["2024-01-01"]
        t.locations = ["eastus", "westus"]
        t.listableBySubscription = true
        t.patchableKeys = ["tags", "sku", "properties"]
        t.nameRule = .pattern("[a-zA-Z][a-zA-Z0-9-]{0,23}", "Widget names start with a letter and have at most 24 letters, digits or hyphens.")
        t.validate = { draft, _ in
            var props = draft.properties
            if let size = props["size"], size.intValue == nil {
                throw ARMError.invalidRequestContent("Error converting value at path 'properties.size': expected integer but found \(size.typeName)")
            }
            if props["color"] == nil { props["color"] = "blue" }
            props["serial"] = .string("SN-\(draft.id.name.lowercased())")
            props["gadgetCount"] = draft.existing?.properties["gadgetCount"] ?? 0
            draft.properties = props
        }
        t.onProvisioning = { resource, event, _ in
            switch event {
            case .started(let kind): resource.properties["health"] = .string("Pending:\(kind.rawValue)")
            case .succeeded: resource.properties["health"] = "Healthy"
            case .failed(_, let code, _): resource.properties["health"] = .string("Broken:\(code)")
            }
        }
        t.present = { body, presentation in
            var props = body["properties"]?.objectValue ?? [:]
            props["portalUrl"] = .string("\(presentation.baseURL)/portal/\(body["name"]?.stringValue ?? "")")
            body["properties"] = .object(props)
        }
        t.actions["listsecrets"] = ResourceAction { resource, _, _ in
            ARMResponse(status: 200, body: ["secret": .string("s3cret-\(resource.id.name)")])
        }
        return t
    }

    /// A proxy child with no PATCH; saving or deleting one updates the parent's `gadgetCount`.
    public static var gadgets: ResourceType {
        var t = ResourceType(type: gadgetType)
        t.shape = .proxy
        t.patchableKeys = []
        t.acceptedKeys = []
        t.onSaved = { gadget, context in try recount(parentOf: gadget.id, context) }
        t.onDeleted = { gadget, context in try recount(parentOf: gadget.id, context) }
        return t
    }

    static func recount(parentOf id: ResourceID, _ context: ResourceContext) throws {
        guard let parentID = id.parent, var widget = try context.session.get(parentID) else { return }
        let count = try context.session.children(of: parentID, type: gadgetType).count
        widget.properties["gadgetCount"] = JSON(count)
        try context.session.save(&widget)
    }
}
