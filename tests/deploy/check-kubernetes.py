#!/usr/bin/env python3
# Checks deploy/kubernetes/ and deploy/compose.yaml offline (issue 16): no
# cluster, no network.  Asserts what a wrong edit would break: every
# workload has probes on the daemon's health path and port, resources set,
# selectors that match their labels, Services that select pods; the
# ConfigMap's INI parses, knows only keys the daemon accepts and keeps no
# secret (database and token come from Secrets); the node id comes from the
# pod's name; the compose file uses the same image, secrets and health.
# Then proves the check itself fails on broken copies.  Uses `kubectl
# kustomize` too when kubectl is installed (it needs no server).
#   check-kubernetes.py SOURCE_ROOT
import configparser
import copy
import os
import re
import shutil
import subprocess
import sys

try:
    import yaml
except ImportError:
    print("SKIP: python3-yaml is not installed (./setup.sh --tests installs it)")
    sys.exit(77)

HEALTH = "/api/v1/health"
PORT = 8080


def server_keys(root):
    src = open(os.path.join(root, "src", "daemon", "wf-config.c")).read()
    m = re.search(r'known\[\] = \{ "address",(.*?)NULL', src, re.S)
    return set(re.findall(r'"([a-z-]+)"', m.group(0)))


def check_docs(docs, keys):
    errors = []
    by_kind = {}
    for d in docs:
        by_kind.setdefault(d.get("kind"), []).append(d)
    pods = []
    for w in by_kind.get("Deployment", []) + by_kind.get("StatefulSet", []):
        name = w["metadata"]["name"]
        sel = w["spec"]["selector"]["matchLabels"]
        labels = w["spec"]["template"]["metadata"]["labels"]
        if any(labels.get(k) != v for k, v in sel.items()):
            errors.append("%s: selector %s does not match labels %s"
                          % (name, sel, labels))
        pods.append(labels)
        for c in w["spec"]["template"]["spec"]["containers"]:
            for probe in ("readinessProbe", "livenessProbe"):
                if probe not in c:
                    errors.append("%s/%s: no %s" % (name, c["name"], probe))
            res = c.get("resources", {})
            if not res.get("requests", {}).get("memory") or \
                    not res.get("limits", {}).get("memory"):
                errors.append("%s/%s: memory request and limit must be set"
                              % (name, c["name"]))
            if w["kind"] == "Deployment":
                ports = {p["name"]: p["containerPort"] for p in c["ports"]}
                for probe in ("readinessProbe", "livenessProbe"):
                    g = c.get(probe, {}).get("httpGet", {})
                    port = ports.get(g.get("port"), g.get("port"))
                    if g.get("path") != HEALTH or port != PORT:
                        errors.append("%s: %s must GET %s on %d, not %s"
                                      % (name, probe, HEALTH, PORT, g))
                env = {e["name"]: e for e in c.get("env", [])}
                node = env.get("WF_NODE_ID", {}).get("valueFrom", {})
                if node.get("fieldRef", {}).get("fieldPath") != \
                        "metadata.name":
                    errors.append("%s: WF_NODE_ID must be the pod's name"
                                  % name)
                db = env.get("WF_DATABASE", {}).get("valueFrom", {})
                if "secretKeyRef" not in db:
                    errors.append("%s: WF_DATABASE must come from a Secret"
                                  % name)
                if not w["spec"]["template"]["spec"].get(
                        "securityContext", {}).get("runAsNonRoot"):
                    errors.append("%s: must run as non-root" % name)
    for svc in by_kind.get("Service", []):
        sel = svc["spec"]["selector"]
        if not any(all(p.get(k) == v for k, v in sel.items()) for p in pods):
            errors.append("Service %s selects no pod" % svc["metadata"]["name"])
    for cm in by_kind.get("ConfigMap", []):
        ini = configparser.ConfigParser(strict=True, interpolation=None)
        try:
            ini.read_string(cm["data"]["monitor.conf"])
        except configparser.Error as e:
            errors.append("ConfigMap %s: INI: %s" % (cm["metadata"]["name"], e))
            continue
        for k in ini["server"] if "server" in ini else []:
            if k not in keys:
                errors.append("ConfigMap: [server] %s is not a key the daemon "
                              "knows" % k)
            if k in ("token", "database"):
                errors.append("ConfigMap: [server] %s is a secret: it belongs "
                              "in a Secret" % k)
        if "max-cameras" not in ini["server"]:
            errors.append("ConfigMap: [server] max-cameras is not set")
    return errors


def check_compose(root, images):
    errors = []
    c = yaml.safe_load(open(os.path.join(root, "deploy", "compose.yaml")))
    nodes = {n: s for n, s in c["services"].items() if n.startswith("node")}
    if len(nodes) < 2:
        errors.append("compose: fewer than two nodes")
    ids = set()
    for n, s in nodes.items():
        if s.get("image") not in images:
            errors.append("compose %s: image %s, not the manifests' %s"
                          % (n, s.get("image"), images))
        env = s.get("environment", {})
        ids.add(env.get("WF_NODE_ID"))
        if "WF_DATABASE_FILE" not in env or "database" not in s.get(
                "secrets", []):
            errors.append("compose %s: the database must come from a secret"
                          % n)
        if "healthcheck" not in s:
            errors.append("compose %s: no healthcheck" % n)
    if len(ids) != len(nodes) or None in ids:
        errors.append("compose: every node needs its own WF_NODE_ID: %s" % ids)
    if "db" not in c["services"] or "15" not in c["services"]["db"]["image"]:
        errors.append("compose: no PostgreSQL 15 service")
    return errors


def load(root):
    kdir = os.path.join(root, "deploy", "kubernetes")
    kust = yaml.safe_load(open(os.path.join(kdir, "kustomization.yaml")))
    docs = []
    for r in kust["resources"]:
        docs += [d for d in yaml.safe_load_all(open(os.path.join(kdir, r)))
                 if d]
    return docs


def main():
    root = sys.argv[1]
    keys = server_keys(root)
    for k in ("database", "node-id", "max-cameras"):
        if k not in keys:
            print("FAIL: the daemon does not know [server] %s" % k)
            return 1
    docs = load(root)
    images = {c["image"] for d in docs if d["kind"] == "Deployment"
              for c in d["spec"]["template"]["spec"]["containers"]}
    errors = check_docs(docs, keys) + check_compose(root, images)

    # the check must fail on broken copies
    mutants = []
    m = copy.deepcopy(docs)
    dep = [d for d in m if d["kind"] == "Deployment"][0]
    dep["spec"]["template"]["spec"]["containers"][0]["readinessProbe"][
        "httpGet"]["path"] = "/health"
    mutants.append(("wrong probe path", m))
    m = copy.deepcopy(docs)
    dep = [d for d in m if d["kind"] == "Deployment"][0]
    dep["spec"]["template"]["metadata"]["labels"] = {"app": "other"}
    mutants.append(("selector off its labels", m))
    m = copy.deepcopy(docs)
    cm = [d for d in m if d["kind"] == "ConfigMap"][0]
    cm["data"]["monitor.conf"] += "\n[server]\ntoken = inline\n"
    mutants.append(("a duplicate group with an inline token", m))
    m = copy.deepcopy(docs)
    cm = [d for d in m if d["kind"] == "ConfigMap"][0]
    cm["data"]["monitor.conf"] = cm["data"]["monitor.conf"].replace(
        "max-cameras", "max-camera")
    mutants.append(("an unknown key", m))
    for what, mdocs in mutants:
        if not check_docs(mdocs, keys):
            errors.append("the check passed a broken copy: %s" % what)

    kubectl = shutil.which("kubectl")
    if kubectl:
        r = subprocess.run([kubectl, "kustomize",
                            os.path.join(root, "deploy", "kubernetes")],
                           capture_output=True, text=True, timeout=60)
        if r.returncode != 0:
            errors.append("kubectl kustomize: %s" % r.stderr.strip())
        else:
            n = len([d for d in yaml.safe_load_all(r.stdout) if d])
            if n != len(docs):
                errors.append("kubectl kustomize gave %d objects, not %d"
                              % (n, len(docs)))
            print("kubectl kustomize: %d objects" % n)
    else:
        print("note: no kubectl; the structural check only")
    for e in errors:
        print("FAIL: " + e)
    print("%d objects, compose with %d services checked"
          % (len(docs), len(yaml.safe_load(open(os.path.join(
              root, "deploy", "compose.yaml")))["services"])))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
