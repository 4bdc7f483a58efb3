/// What a principal may do at one scope: the permissions of every role assigned to it there or
/// above. An action is allowed when some permission entry's `actions` match it and none of *that
/// entry's* `notActions` do (`notActions` is not a deny: another role may grant it); data actions
/// likewise, and management wildcards never grant data actions.
public struct EffectivePermissions: Sendable {
    struct Entry: Sendable {
        let actions: [ActionPattern]
        let notActions: [ActionPattern]
        let dataActions: [ActionPattern]
        let notDataActions: [ActionPattern]
    }

    let entries: [Entry]

    public init(roles: [RoleDefinition]) {
        entries = roles.flatMap(\.permissions).map { p in
            Entry(actions: p.actions.map(ActionPattern.init), notActions: p.notActions.map(ActionPattern.init),
                  dataActions: p.dataActions.map(ActionPattern.init), notDataActions: p.notDataActions.map(ActionPattern.init))
        }
    }

    public func allows(_ action: String) -> Bool {
        let lower = action.lowercased()
        return entries.contains { e in
            e.actions.contains { $0.matches(lowercased: lower) } && !e.notActions.contains { $0.matches(lowercased: lower) }
        }
    }

    public func allowsData(_ action: String) -> Bool {
        let lower = action.lowercased()
        return entries.contains { e in
            e.dataActions.contains { $0.matches(lowercased: lower) } && !e.notDataActions.contains { $0.matches(lowercased: lower) }
        }
    }

    /// The first of `actions` not allowed (the seed's custom-role list, in its order), if any.
    public func firstMissing(_ actions: [String]) -> String? {
        actions.first { !allows($0) }
    }
}
