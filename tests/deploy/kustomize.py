"""A small Kustomize in Python: enough of `kustomize build` to render deploy/k8s on any
machine, with nothing but PyYAML (kubectl's Kustomize is not in Debian's packages).

It does what deploy/k8s uses — resources (files and folders), namespace, namePrefix (and
the references to renamed objects), labels (with selectors and templates), images,
secretGenerator (literals, without the name hash), JSON 6902 patches and replacements —
in Kustomize's order, and refuses any other field, so a manifest that starts using one
fails here with its name instead of rendering something Kustomize would not. Where kubectl
is installed, tests/deploy/test_kubernetes.py checks the two render the same objects.
"""

from __future__ import annotations

import base64
import copy
import re
from pathlib import Path
from typing import Any

import yaml

Obj = dict[str, Any]

SUPPORTED = {"apiVersion", "kind", "resources", "namespace", "namePrefix", "labels", "images", "secretGenerator",
             "generatorOptions", "patches", "replacements"}
CLUSTER_SCOPED = {"Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "PersistentVolume",
                  "StorageClass", "PriorityClass", "IngressClass"}
UNPREFIXED = {"Namespace", "CustomResourceDefinition", "APIService"}  # as Kustomize's namePrefix
WORKLOADS = {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"}


class KustomizeError(Exception):
    pass


def build(folder: Path) -> list[Obj]:
    """The objects `kustomize build folder` would print (in no particular order)."""
    folder = Path(folder)
    path = folder / "kustomization.yaml"
    if not path.exists():
        raise KustomizeError(f"{folder}: no kustomization.yaml")
    spec = yaml.safe_load(path.read_text()) or {}
    unknown = set(spec) - SUPPORTED
    if unknown:
        raise KustomizeError(f"{path}: {', '.join(sorted(unknown))} not implemented by tests/deploy/kustomize.py "
                             "(add it there, or check with `kubectl kustomize`)")
    objects: list[Obj] = []
    for entry in spec.get("resources", []):
        target = folder / entry
        if target.is_dir():
            objects += build(target)
        else:
            objects += [doc for doc in yaml.safe_load_all(target.read_text()) if doc]
    objects += _secrets(spec, path)
    for patch in spec.get("patches", []):
        _patch(objects, patch, path)
    if "namespace" in spec:
        for obj in objects:
            if obj["kind"] not in CLUSTER_SCOPED:
                obj["metadata"]["namespace"] = spec["namespace"]
    if "namePrefix" in spec:
        _prefix(objects, spec["namePrefix"])
    for labels in spec.get("labels", []):
        _label(objects, labels, path)
    for image in spec.get("images", []):
        _image(objects, image)
    for replacement in spec.get("replacements", []):
        _replace(objects, replacement, path)
    return objects


# --- generators ------------------------------------------------------------------------
def _secrets(spec: Obj, path: Path) -> list[Obj]:
    generated = []
    for secret in spec.get("secretGenerator", []):
        if set(secret) - {"name", "literals", "type"}:
            raise KustomizeError(f"{path}: secretGenerator supports name, literals and type only")
        if not (spec.get("generatorOptions") or {}).get("disableNameSuffixHash"):
            raise KustomizeError(f"{path}: generated names with a hash suffix are not implemented")
        data = {}
        for literal in secret.get("literals", []):
            key, _, value = literal.partition("=")
            data[key] = base64.b64encode(value.encode()).decode()
        generated.append({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": secret["name"]},
                          "type": secret.get("type", "Opaque"), "data": data})
    return generated


def _selects(obj: Obj, select: Obj) -> bool:
    return all((obj["kind"] if key == "kind" else obj["metadata"]["name"]) == want for key, want in select.items())


# --- patches ---------------------------------------------------------------------------
def _patch(objects: list[Obj], patch: Obj, path: Path) -> None:
    target = patch.get("target") or {}
    if set(target) - {"kind", "name"} or "patch" not in patch:
        raise KustomizeError(f"{path}: patches need an inline patch and a target of kind and/or name")
    operations = yaml.safe_load(patch["patch"])
    if not isinstance(operations, list):
        raise KustomizeError(f"{path}: only JSON 6902 patches (a list of operations) are implemented")
    matched = [o for o in objects if _selects(o, target)]
    if not matched:
        raise KustomizeError(f"{path}: no object matches the patch target {target}")
    for obj in matched:
        for op in operations:
            _json6902(obj, op, path)


def _json6902(obj: Obj, op: Obj, path: Path) -> None:
    keys = [k.replace("~1", "/").replace("~0", "~") for k in op["path"].lstrip("/").split("/")]
    parent = obj
    for key in keys[:-1]:
        parent = parent[int(key)] if isinstance(parent, list) else parent[key]
    last = keys[-1]
    if isinstance(parent, list):
        index = len(parent) if last == "-" else int(last)
        if op["op"] == "add":
            parent.insert(index, op["value"])
        elif op["op"] == "replace":
            parent[index] = op["value"]
        elif op["op"] == "remove":
            del parent[index]
        else:
            raise KustomizeError(f"{path}: patch operation {op['op']!r} not implemented")
    elif op["op"] in ("add", "replace"):
        if op["op"] == "replace" and last not in parent:
            raise KustomizeError(f"{path}: nothing to replace at {op['path']}")
        parent[last] = op["value"]
    elif op["op"] == "remove":
        del parent[last]
    else:
        raise KustomizeError(f"{path}: patch operation {op['op']!r} not implemented")


# --- names -----------------------------------------------------------------------------
def _prefix(objects: list[Obj], prefix: str) -> None:
    renamed: dict[tuple[str, str], str] = {}
    for obj in objects:
        if obj["kind"] in UNPREFIXED:
            continue
        old = obj["metadata"]["name"]
        obj["metadata"]["name"] = renamed[(obj["kind"], old)] = prefix + old
    for obj in objects:
        for kind, holder, key in _references(obj):
            if (kind, holder.get(key)) in renamed:
                holder[key] = renamed[(kind, holder[key])]


def _references(obj: Obj):
    """(kind referred to, the dict holding the name, its key) for each name reference."""
    spec = obj.get("spec") or {}
    if obj["kind"] == "HorizontalPodAutoscaler":
        ref = spec.get("scaleTargetRef") or {}
        yield ref.get("kind"), ref, "name"
    if obj["kind"] == "Ingress":
        for rule in spec.get("rules", []):
            for item in (rule.get("http") or {}).get("paths", []):
                yield "Service", item["backend"]["service"], "name"
        for tls in spec.get("tls", []):
            yield "Secret", tls, "secretName"
    pod = _pod(obj)
    if pod is None:
        return
    for c in pod.get("containers", []) + pod.get("initContainers", []):
        for entry in c.get("env", []):
            source = entry.get("valueFrom") or {}
            if "secretKeyRef" in source:
                yield "Secret", source["secretKeyRef"], "name"
            if "configMapKeyRef" in source:
                yield "ConfigMap", source["configMapKeyRef"], "name"
        for source in c.get("envFrom", []):
            if "secretRef" in source:
                yield "Secret", source["secretRef"], "name"
            if "configMapRef" in source:
                yield "ConfigMap", source["configMapRef"], "name"
    for volume in pod.get("volumes", []):
        if "secret" in volume:
            yield "Secret", volume["secret"], "secretName"
        if "configMap" in volume:
            yield "ConfigMap", volume["configMap"], "name"


def _template(obj: Obj) -> Obj | None:
    if obj["kind"] in WORKLOADS:
        return obj["spec"]["template"]
    if obj["kind"] == "CronJob":
        return obj["spec"]["jobTemplate"]["spec"]["template"]
    return None


def _pod(obj: Obj) -> Obj | None:
    template = _template(obj)
    return None if template is None else template["spec"]


# --- labels and images -----------------------------------------------------------------
def _label(objects: list[Obj], labels: Obj, path: Path) -> None:
    if set(labels) - {"pairs", "includeSelectors", "includeTemplates"}:
        raise KustomizeError(f"{path}: labels support pairs, includeSelectors and includeTemplates only")
    pairs, selectors = labels["pairs"], labels.get("includeSelectors", False)
    for obj in objects:
        obj["metadata"].setdefault("labels", {}).update(pairs)
        template = _template(obj)
        if template is not None and (selectors or labels.get("includeTemplates")):
            template.setdefault("metadata", {}).setdefault("labels", {}).update(pairs)
        if not selectors:
            continue
        if obj["kind"] == "Service":
            obj["spec"].setdefault("selector", {}).update(pairs)
        elif obj["kind"] in WORKLOADS - {"Job"}:
            obj["spec"].setdefault("selector", {}).setdefault("matchLabels", {}).update(pairs)
        elif obj["kind"] in ("Job", "PodDisruptionBudget") and "matchLabels" in obj["spec"].get("selector", {}):
            obj["spec"]["selector"]["matchLabels"].update(pairs)


def _image(objects: list[Obj], image: Obj) -> None:
    for obj in objects:
        pod = _pod(obj)
        for c in [] if pod is None else pod.get("containers", []) + pod.get("initContainers", []):
            name, _, tag = c["image"].partition(":")
            if name != image["name"]:
                continue
            c["image"] = image.get("newName", name) + (f":{image['newTag']}" if "newTag" in image
                                                       else f":{tag}" if tag else "")


# --- replacements ----------------------------------------------------------------------
def _replace(objects: list[Obj], replacement: Obj, path: Path) -> None:
    source = replacement["source"]
    [origin] = [o for o in objects if o["kind"] == source["kind"] and o["metadata"]["name"] == source["name"]] or \
        [None]
    if origin is None:
        raise KustomizeError(f"{path}: no {source['kind']} {source['name']} to take a replacement from")
    value = _get(origin, source.get("fieldPath", "metadata.name"), path)
    for target in replacement["targets"]:
        select, options = target["select"], target.get("options") or {}
        if set(select) - {"kind", "name"} or set(options) - {"delimiter", "index"}:
            raise KustomizeError(f"{path}: replacement targets select kind/name, options delimiter/index only")
        for obj in objects:
            if _selects(obj, select):
                for field_path in target["fieldPaths"]:
                    _set(obj, field_path, value, options, path)


def _segments(field_path: str) -> list[str]:
    return re.findall(r"\[[^\]]*\]|[^.\[\]]+", field_path)


def _step(node: Any, segment: str, path: Path, field_path: str) -> Any:
    if segment.startswith("["):
        inner = segment[1:-1]
        if "=" in inner:
            key, want = inner.split("=", 1)
            found = [item for item in node if item.get(key) == want] if isinstance(node, list) else []
            if len(found) != 1:
                raise KustomizeError(f"{path}: {field_path}: no single item with {inner}")
            return found[0]
        segment = inner
    if not isinstance(node, dict) or segment not in node:
        raise KustomizeError(f"{path}: {field_path}: nothing at {segment}")
    return node[segment]


def _get(obj: Obj, field_path: str, path: Path) -> Any:
    node: Any = obj
    for segment in _segments(field_path):
        node = _step(node, segment, path, field_path)
    return node


def _set(obj: Obj, field_path: str, value: Any, options: Obj, path: Path) -> None:
    *parents, last = _segments(field_path)
    node: Any = obj
    for segment in parents:
        node = _step(node, segment, path, field_path)
    key = last[1:-1] if last.startswith("[") else last
    if key not in node:
        raise KustomizeError(f"{path}: {field_path}: nothing at {key}")
    if "delimiter" in options:
        parts = str(node[key]).split(options["delimiter"])
        parts[options.get("index", 0)] = str(value)
        value = options["delimiter"].join(parts)
    node[key] = copy.deepcopy(value)
