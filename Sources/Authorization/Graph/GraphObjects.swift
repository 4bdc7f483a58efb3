import CeruleanJSON

/// How Graph v1.0 renders the directory's objects (the members az and the sign-in page read).
enum GraphObjects {
    static func user(_ p: PrincipalDirectory.Principal) -> JSONObject {
        ["id": .string(p.objectID), "businessPhones": [], "displayName": .string(p.displayName), "givenName": nil, "jobTitle": nil,
         "mail": JSON(p.userPrincipalName), "mobilePhone": nil, "officeLocation": nil, "preferredLanguage": nil, "surname": nil,
         "userPrincipalName": JSON(p.userPrincipalName)]
    }

    static func servicePrincipal(_ p: PrincipalDirectory.Principal, tenantID: String) -> JSONObject {
        let appID = p.appID ?? p.objectID
        return ["id": .string(p.objectID), "deletedDateTime": nil, "accountEnabled": true, "alternativeNames": [],
                "appDisplayName": .string(p.displayName), "appId": .string(appID), "appOwnerOrganizationId": .string(tenantID),
                "displayName": .string(p.displayName), "servicePrincipalNames": [.string(appID)],
                "servicePrincipalType": JSON(p.servicePrincipalType ?? "Application"), "signInAudience": "AzureADMyOrg",
                "tags": [], "keyCredentials": [], "passwordCredentials": []]
    }

    static func password(_ p: GraphApplications.Password, secret: String? = nil) -> JSONObject {
        ["customKeyIdentifier": nil, "displayName": JSON(p.displayName), "endDateTime": .string(p.end), "hint": .string(p.hint),
         "keyId": .string(p.keyID), "secretText": JSON(secret), "startDateTime": .string(p.start)]
    }

    static func application(_ a: GraphApplications.Application) -> JSONObject {
        var o: JSONObject = [
            "id": .string(a.id), "deletedDateTime": nil, "appId": .string(a.appID), "createdDateTime": .string(a.createdDateTime),
            "displayName": .string(a.displayName), "identifierUris": [], "signInAudience": "AzureADMyOrg", "tags": [],
            "keyCredentials": [], "passwordCredentials": .array(a.passwords.map { .object(password($0)) }),
            "requiredResourceAccess": [], "api": ["oauth2PermissionScopes": []], "web": ["redirectUris": []],
        ]
        for (key, value) in a.extra where o[key] == nil || key == "identifierUris" || key == "requiredResourceAccess" { o[key] = value }
        return o
    }

    /// `getByIds` and `directoryObjects` carry the object's type.
    static func typed(_ object: JSONObject, _ type: String) -> JSONObject {
        var o: JSONObject = ["@odata.type": .string("#microsoft.graph.\(type)")]
        for (key, value) in object { o[key] = value }
        return o
    }
}
