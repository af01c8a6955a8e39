#!/usr/bin/env python3
"""Helper of scripts/image, two jobs with the Python standard library only:

  image-base.py ROOTFS OUT.tar JAVA_VERSION
      writes ROOTFS as a one-layer base image in `docker save` format (manifest.json, config, layer),
      which Jib takes as `tar://OUT.tar`: user 10001, PATH with /opt/java/bin, JAVA_HOME, LANG.
  image-base.py --unpack IMAGE.tar DEST
      extracts an image in that format (Jib's buildTar output) layer by layer into DEST, the way a
      container runtime lays it out, and prints the image's environment, one KEY=VALUE per line.
"""
import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile

ENV = ["PATH=/opt/java/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
       "JAVA_HOME=/opt/java", "LANG=C.UTF-8"]


def build(rootfs, out, java_version):
    with tempfile.TemporaryDirectory(dir=os.path.dirname(os.path.abspath(out))) as tmp:
        layer = os.path.join(tmp, "layer.tar")
        # GNU tar keeps hard links, devices and modes; names sorted and owners numeric, for a stable layer.
        subprocess.run(["tar", "-C", rootfs, "--sort=name", "--numeric-owner", "-cf", layer]
                       + sorted(os.listdir(rootfs)), check=True)
        digest = hashlib.sha256()
        with open(layer, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                digest.update(chunk)
        diff_id = "sha256:" + digest.hexdigest()
        config = {
            "architecture": "amd64",
            "os": "linux",
            "config": {"User": "10001:10001", "Env": ENV, "WorkingDir": "/data",
                       "Labels": {"fleet.base": "debian bookworm minbase + Java " + java_version}},
            "rootfs": {"type": "layers", "diff_ids": [diff_id]},
            "history": [{"created_by": "scripts/image: debootstrap --variant=minbase bookworm, jlink Java "
                         + java_version + ", user fleet 10001"}],
        }
        config_bytes = json.dumps(config, indent=1).encode()
        config_name = hashlib.sha256(config_bytes).hexdigest() + ".json"
        manifest = [{"Config": config_name, "RepoTags": ["fleet-base:java-" + java_version],
                     "Layers": ["layer.tar"]}]
        with tarfile.open(out, "w") as tar:
            add_bytes(tar, config_name, config_bytes)
            tar.add(layer, arcname="layer.tar")
            add_bytes(tar, "manifest.json", json.dumps(manifest).encode())


def add_bytes(tar, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o644
    tar.addfile(info, io.BytesIO(data))


def unpack(image, dest):
    with tarfile.open(image) as outer:
        manifest = json.load(outer.extractfile("manifest.json"))[0]
        config = json.load(outer.extractfile(manifest["Config"]))
        for name in manifest["Layers"]:
            with tarfile.open(fileobj=outer.extractfile(name), mode="r:*") as layer:
                for member in layer.getmembers():
                    base = os.path.basename(member.name)
                    if base.startswith(".wh."):  # whiteout: the layer deletes this path
                        target = os.path.join(dest, os.path.dirname(member.name), base[4:])
                        subprocess.run(["rm", "-rf", "--one-file-system", target], check=True)
                        continue
                    # our own image: trusted (and Python before 3.11.4 has no filter argument)
                    extra = {"filter": "fully_trusted"} if hasattr(tarfile, "fully_trusted_filter") else {}
                    layer.extract(member, dest, numeric_owner=True, **extra)
    for entry in config["config"].get("Env", []):
        print(entry)


if __name__ == "__main__":
    if sys.argv[1] == "--unpack":
        unpack(sys.argv[2], sys.argv[3])
    else:
        build(sys.argv[1], sys.argv[2], sys.argv[3])
