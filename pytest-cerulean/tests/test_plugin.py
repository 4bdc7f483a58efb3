"""pytest-cerulean's own tests: each runs a small test file in a pytester session of its own
(against the binary named by CERULEAN_BINARY, as Scripts/test sets it) and reads the outcome."""
import os
import pathlib
import re
import stat

import pytest

from pytest_cerulean import CeruleanError, CeruleanServer, find_binary


def run(pytester, source, *args, passed=1):
    pytester.makepyfile(source)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", *args)
    result.assert_outcomes(passed=passed)
    return result


def data_dir(result):
    """The folder a test printed as DATA_DIR=... (pytest prints it after the file's name)."""
    return re.search(r"DATA_DIR=(\S+)", result.stdout.str()).group(1)


def test_the_session_fixture_yields_url_ca_subscription_tenant_and_env(pytester):
    run(pytester, """
        import os, ssl, urllib.request
        def test_it(cerulean_server):
            s = cerulean_server
            assert s.url.startswith("https://localhost:") and s.port > 0
            assert os.path.isfile(s.ca) and s.data_dir in s.ca
            assert s.subscription == "00000000-1111-2222-3333-444444444444"
            assert s.tenant == "00000000-aaaa-bbbb-cccc-dddddddddddd"
            assert s.env["CERULEAN_URL"] == s.url and s.env["REQUESTS_CA_BUNDLE"] == s.ca
            assert s.env["AZURE_TENANT_ID"] == s.tenant and "localhost" in s.env["NO_PROXY"]
            assert os.environ["SSL_CERT_FILE"] == s.ca  # applied for the run
            context = ssl.create_default_context(cafile=s.ca)
            with urllib.request.urlopen(s.url + "/_cerulean/health", context=context) as r:
                assert r.status == 200
            print("DATA_DIR=" + s.data_dir)
    """, "-s")


def test_the_scratch_data_folder_is_removed_after_the_run_unless_kept(pytester):
    source = """
        def test_it(cerulean_server):
            print("DATA_DIR=" + cerulean_server.data_dir)
    """
    result = run(pytester, source, "-s")
    folder = data_dir(result)
    assert not os.path.exists(folder)
    kept = run(pytester, source, "-s", "--cerulean-keep-data")
    folder = data_dir(kept)
    assert os.path.isfile(os.path.join(folder, "cerulean.sqlite")) and os.path.isfile(os.path.join(folder, "server.log"))


def test_reset_and_seed_from_a_dict_or_a_file(pytester):
    pytester.makefile(".json", seed='{"resourceGroups": [{"name": "from-file", "location": "eastus"}]}')
    run(pytester, """
        import pathlib
        def group(cerulean, name):
            status, _ = cerulean.arm("GET", f"/subscriptions/{cerulean.subscription}/resourceGroups/{name}", api_version="2022-09-01")
            return status
        def test_it(cerulean):
            assert cerulean.seed({"resourceGroups": [{"name": "from-dict", "location": "eastus"}]}) == 1
            assert cerulean.seed(pathlib.Path("seed.json")) == 1
            assert group(cerulean, "from-dict") == 200 and group(cerulean, "from-file") == 200
            assert cerulean.reset()["resourcesDeleted"] == 2
            assert group(cerulean, "from-dict") == 404
    """)


def test_a_refused_seed_raises_with_the_servers_message(pytester):
    run(pytester, """
        import pytest
        from pytest_cerulean import CeruleanError
        def test_it(cerulean):
            with pytest.raises(CeruleanError, match="InvalidSeed"):
                cerulean.seed({"resourceGroups": [{"location": "eastus"}]})
    """)


def test_the_clock_marker_gives_a_manual_clock_that_advance_moves(pytester):
    run(pytester, """
        import pytest
        from pytest_cerulean import CeruleanError
        @pytest.mark.cerulean_clock("manual")
        def test_manual(cerulean):
            assert cerulean.clock.mode == "manual"
            before = cerulean.clock.now
            cerulean.clock.advance(3600)
            assert cerulean.clock.now != before
        def test_system(cerulean):
            assert cerulean.clock.mode == "system"
            with pytest.raises(CeruleanError, match="ClockNotManual"):
                cerulean.clock.advance(1)
        def test_two_servers(cerulean_servers):
            assert cerulean_servers.get(clock="manual").url != cerulean_servers.get().url
    """, passed=3)


def test_faults_are_set_read_and_cleared(pytester):
    run(pytester, """
        def test_it(cerulean):
            group = f"/subscriptions/{cerulean.subscription}/resourceGroups/doomed"
            cerulean.faults({"plane": "arm", "operation": "GET", "namePattern": "doomed",
                             "effect": {"kind": "status", "status": 503}}, seed=7)
            status, answer = cerulean.arm("GET", group, api_version="2022-09-01")
            assert status == 503 and answer["error"]["code"] == "ServiceUnavailable"
            assert cerulean.faults.plan()["rules"][0]["fired"] == 1
            cerulean.faults.clear()
            assert cerulean.arm("GET", group, api_version="2022-09-01")[0] == 404
    """)


def test_the_provisioning_marker_applies_for_one_test_and_is_undone(pytester):
    run(pytester, """
        import pytest
        TYPE = "Microsoft.MachineLearningServices/workspaces"
        @pytest.mark.cerulean_provisioning("after:5polls")
        @pytest.mark.cerulean_provisioning("immediate", type=TYPE)
        def test_marked(cerulean):
            policies = cerulean.provisioning()
            assert policies["default"] == "after:5polls" and policies["types"][TYPE.lower()] == "immediate"
            workspace = cerulean.workspace("marked")  # finished at once under "immediate"
            assert workspace.endswith("/workspaces/marked")
        def test_after(cerulean):
            policies = cerulean.provisioning()
            assert policies["default"] != "after:5polls" and policies["types"].get(TYPE.lower()) != "immediate"
    """, passed=2)


def test_the_auth_marker_gives_a_strict_server(pytester):
    run(pytester, """
        import pytest
        def groups(cerulean, token):
            return cerulean.request("GET", f"/subscriptions/{cerulean.subscription}/resourcegroups?api-version=2022-09-01",
                                    headers={"Authorization": "Bearer " + token})[0]
        @pytest.mark.cerulean_auth("strict")
        def test_strict(cerulean):
            assert groups(cerulean, "anything") == 401
            assert groups(cerulean, cerulean.token()) == 200
        def test_lenient(cerulean):
            assert groups(cerulean, "anything") == 200
    """, passed=2)


def test_a_bad_marker_value_is_a_usage_error(pytester):
    pytester.makepyfile("""
        import pytest
        @pytest.mark.cerulean_auth("paranoid")
        def test_it(cerulean):
            pass
    """)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.stdout.fnmatch_lines(["*cerulean_auth*'paranoid' is not one of lenient, strict*"])
    assert result.ret != 0


def test_cerulean_args_from_the_ini_file_reach_the_server(pytester):
    pytester.makeini("[pytest]\ncerulean_args = --page-size 2 --auth strict\n")
    run(pytester, """
        def test_it(cerulean):
            info = cerulean.admin("GET", "info")
            assert info["auth"] == "strict"
    """)


def test_ready_clients_drive_the_serverless_flow(pytester):
    pytest.importorskip("azure.ai.ml")
    pytest.importorskip("openai")
    pytest.importorskip("azure.ai.inference")
    run(pytester, """
        from azure.ai.ml.entities import MarketplaceSubscription, ServerlessEndpoint
        from azure.ai.inference.models import UserMessage
        LLAMA = "azureml://registries/azureml-meta/models/Meta-Llama-3-8B-Instruct"
        COHERE = "azureml://registries/azureml-cohere/models/Cohere-embed-v3-english"
        def test_it(cerulean, ml_client, openai_client, inference_client):
            ml = ml_client("plugin-ws", resource_group="plugin-rg")
            assert ml._base_url == cerulean.url
            ml.marketplace_subscriptions.begin_create_or_update(MarketplaceSubscription(name="llama", model_id=LLAMA)).result()
            endpoint = ml.serverless_endpoints.begin_create_or_update(ServerlessEndpoint(name="plugin-llama", model_id=LLAMA)).result()
            reply = inference_client(endpoint).complete(messages=[UserMessage(content="Hi")])
            assert "simulated reply from Meta-Llama-3-8B-Instruct" in reply.choices[0].message.content
            chat = openai_client(endpoint).chat.completions.create(model="x", messages=[{"role": "user", "content": "Hi"}])
            assert chat.choices[0].message.content.startswith("This is a simulated reply")
            azure = openai_client(endpoint.id, azure=True)  # by ARM id: the key comes from listKeys
            assert azure.chat.completions.create(model="plugin-llama", messages=[{"role": "user", "content": "Hi"}]).choices
            ml.marketplace_subscriptions.begin_create_or_update(MarketplaceSubscription(name="cohere", model_id=COHERE)).result()
            embed = ml.serverless_endpoints.begin_create_or_update(ServerlessEndpoint(name="plugin-embed", model_id=COHERE)).result()
            vectors = inference_client(embed, kind="embeddings").embed(input=["a", "b"])
            assert [len(v.embedding) for v in vectors.data] == [1024, 1024]
    """)


def test_a_missing_binary_is_reported_clearly(pytester, tmp_path):
    pytester.makepyfile("""
        def test_it(cerulean_server):
            pass
    """)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", f"--cerulean-binary={tmp_path}/nothing")
    result.stdout.fnmatch_lines(["*The cerulean binary set (*nothing) is not an executable file.*"])
    result.assert_outcomes(errors=1)


def test_the_binary_is_found_by_setting_then_path_then_the_checkouts_build(tmp_path, monkeypatch):
    real = os.environ["CERULEAN_BINARY"]
    checkout = tmp_path / "checkout"
    (checkout / ".build" / "debug").mkdir(parents=True)
    (checkout / "Package.swift").write_text('let package = Package(\n    name: "Cerulean",\n)')
    built = checkout / ".build" / "debug" / "cerulean"
    built.write_text("#!/bin/sh\n")
    built.chmod(built.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    assert find_binary(None, [checkout / "Tests" / "deep"]) == str(built)
    on_path = tmp_path / "bin"
    on_path.mkdir()
    (on_path / "cerulean").symlink_to(real)
    monkeypatch.setenv("PATH", f"{on_path}:/usr/bin:/bin")
    assert find_binary(None, [checkout]) == str(on_path / "cerulean")
    assert find_binary(real, [checkout]) == str(pathlib.Path(real).resolve())
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    with pytest.raises(CeruleanError, match="No cerulean binary"):
        find_binary(None, [tmp_path / "elsewhere"])


def test_it_serves_on_loopback_only():
    with pytest.raises(CeruleanError, match="loopback only"):
        CeruleanServer(os.environ["CERULEAN_BINARY"], host="0.0.0.0")
