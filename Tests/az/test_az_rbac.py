"""Access control with the real Azure CLI: `az role definition list`, `az ad sp create-for-rbac`
(Graph's applications, addPassword and servicePrincipals, then a role assignment), `az ad sp
show|list`, `az role assignment create --assignee <appId>` (Graph's servicePrincipals filter, the
role looked up at the scope), its 409 recovery, `list` with the names az fills in, and `delete`;
then under --auth strict the new service principal signs in with its secret and its role decides."""
import shutil

import pytest

from conftest import SUBSCRIPTION, TENANT, AzureCLI, RunningCerulean, setup_az

GROUP = "az-rbac-rg"
SCOPE = f"/subscriptions/{SUBSCRIPTION}/resourceGroups/{GROUP}"
DEVELOPER = "64702f94-c441-49e6-a78b-ef80e0188fee"
READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7"


@pytest.fixture(scope="module")
def sp(az):
    az("group", "create", "--name", GROUP, "--location", "eastus")
    made = az("ad", "sp", "create-for-rbac", "--name", "rbac-sp", "--role", "Reader", "--scopes", SCOPE)
    return made


def test_role_definition_list_finds_azure_ai_developer_by_name(az):
    roles = az("role", "definition", "list", "--name", "Azure AI Developer")
    assert [r["name"] for r in roles] == [DEVELOPER]
    role = roles[0]
    assert role["id"] == f"/subscriptions/{SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/{DEVELOPER}"
    assert role["roleType"] == "BuiltInRole"
    assert "Microsoft.MachineLearningServices/workspaces/*/write" in role["permissions"][0]["actions"]
    assert "Microsoft.MachineLearningServices/workspaces/write" in role["permissions"][0]["notActions"]
    custom = az("role", "definition", "list", "--custom-role-only", "true")
    assert custom == []


def test_create_for_rbac_makes_an_application_a_secret_and_a_reader(az, sp):
    assert set(sp) == {"appId", "password", "displayName", "tenant"}
    assert sp["displayName"] == "rbac-sp"
    assert sp["tenant"] == TENANT
    assert len(sp["password"]) == 40
    shown = az("ad", "sp", "show", "--id", sp["appId"])
    assert shown["appId"] == sp["appId"]
    assert shown["displayName"] == "rbac-sp"
    assert shown["servicePrincipalNames"] == [sp["appId"]]
    listed = az("ad", "sp", "list", "--display-name", "rbac-sp")
    assert [s["id"] for s in listed] == [shown["id"]]
    assignments = az("role", "assignment", "list", "--assignee", sp["appId"], "--scope", SCOPE)
    assert [(a["roleDefinitionName"], a["principalId"], a["principalType"], a["scope"]) for a in assignments] == [
        ("Reader", shown["id"], "ServicePrincipal", SCOPE)]


def test_role_assignment_create_list_and_delete_by_app_id(az, sp):
    principal = az("ad", "sp", "show", "--id", sp["appId"])["id"]
    made = az("role", "assignment", "create", "--assignee", sp["appId"], "--role", "Azure AI Developer", "--scope", SCOPE)
    assert made["principalId"] == principal
    assert made["principalType"] == "ServicePrincipal"
    assert made["roleDefinitionId"] == f"/subscriptions/{SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/{DEVELOPER}"
    assert made["scope"] == SCOPE
    # Again: ARM answers 409 RoleAssignmentExists and az prints the existing assignment.
    again = az("role", "assignment", "create", "--assignee", sp["appId"], "--role", "Azure AI Developer", "--scope", SCOPE)
    assert again["id"] == made["id"]
    listed = az("role", "assignment", "list", "--assignee", sp["appId"], "--scope", SCOPE)
    assert sorted(a["roleDefinitionName"] for a in listed) == ["Azure AI Developer", "Reader"]
    assert {a["principalName"] for a in listed} == {sp["appId"]}
    az("role", "assignment", "delete", "--assignee", sp["appId"], "--role", "Azure AI Developer", "--scope", SCOPE)
    left = az("role", "assignment", "list", "--assignee", sp["appId"], "--scope", SCOPE)
    assert [a["roleDefinitionName"] for a in left] == ["Reader"]


def test_an_unknown_assignee_is_refused_as_az_words_it(az):
    result = az.run("role", "assignment", "create", "--assignee", "nobody@cerulean.local", "--role", "Reader", "--scope", SCOPE)
    assert result.returncode != 0
    assert "Cannot find user or service principal in graph database for 'nobody@cerulean.local'" in result.stderr


@pytest.fixture(scope="module")
def strict_az():
    """A Cerulean with --auth strict and az signed in as Cerulean's own client (Owner)."""
    server = RunningCerulean("--auth", "strict")
    yield server, AzureCLI(setup_az(server))
    server.stop()


def test_under_strict_auth_create_for_rbacs_secret_signs_in_and_the_role_decides(strict_az, tmp_path):
    server, owner = strict_az
    owner("group", "create", "--name", GROUP, "--location", "eastus")
    owner("group", "create", "--name", "az-rbac-other", "--location", "eastus")
    made = owner("ad", "sp", "create-for-rbac", "--name", "strict-sp", "--role", "Reader", "--scopes", SCOPE)
    # The new service principal signs in with its own secret in a config folder of its own.
    config = tmp_path / "sp-config"
    shutil.copytree(owner.env["AZURE_CONFIG_DIR"], config)
    sp = AzureCLI({**owner.env, "AZURE_CONFIG_DIR": str(config)})
    wrong = sp.run("login", "--service-principal", "-u", made["appId"], "-p", "not-the-secret", "--tenant", TENANT)
    assert wrong.returncode != 0
    assert "AADSTS7000215" in wrong.stderr
    sp("login", "--service-principal", "-u", made["appId"], "-p", made["password"], "--tenant", TENANT)
    # Reader on one group: the group list shows only that group, a write is refused with ARM's message.
    assert [g["name"] for g in sp("group", "list")] == [GROUP]
    refused = sp.run("group", "create", "--name", "sp-made-rg", "--location", "eastus")
    assert refused.returncode != 0
    assert "(AuthorizationFailed)" in refused.stderr
    assert "does not have authorization to perform action 'Microsoft.Resources/subscriptions/resourcegroups/write'" in refused.stderr
    # A service principal with no role anywhere signs in to no subscription, as on Azure.
    bare = owner("ad", "sp", "create-for-rbac", "--name", "strict-bare-sp")
    nobody = AzureCLI({**owner.env, "AZURE_CONFIG_DIR": str(tmp_path / "bare-config")})
    shutil.copytree(owner.env["AZURE_CONFIG_DIR"], tmp_path / "bare-config")
    empty = nobody.run("login", "--service-principal", "-u", bare["appId"], "-p", bare["password"], "--tenant", TENANT)
    assert empty.returncode != 0
    assert f"No subscriptions found for {bare['appId']}" in empty.stderr
    assert nobody("login", "--service-principal", "-u", bare["appId"], "-p", bare["password"], "--tenant", TENANT,
                  "--allow-no-subscriptions")[0]["tenantId"] == TENANT
