"""The Merkle tree against the Certificate Transparency reference vectors (the RFC 6962/9162
test data of transparency-dev/merkle): roots of 0–8 leaves, inclusion and consistency proofs.
No database: these are the functions a partner runs on its own machine."""

import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from renkei.audit.merkle import (
    EMPTY_ROOT,
    MerkleTree,
    consistency_verify,
    inclusion_verify,
    leaf_hash,
    node_hash,
)

LEAVES = [
    bytes.fromhex(h)
    for h in ["", "00", "10", "2021", "3031", "40414243", "5051525354555657",
              "606162636465666768696a6b6c6d6e6f"]
]  # fmt: skip
ROOTS = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
# (leaf index, tree size, path)
INCLUSION = [
    (0, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (5, 8, ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (1, 5, ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
]  # fmt: skip
# (old size, new size, proof)
CONSISTENCY = [
    (1, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (6, 8, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (2, 5, ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
]  # fmt: skip


def _tree(size):
    return MerkleTree([leaf_hash(leaf) for leaf in LEAVES[:size]])


@pytest.mark.parametrize("size", range(9))
def test_reference_roots(size):
    assert _tree(size).root().hex() == ROOTS[size]


def test_empty_root_is_the_hash_of_nothing():
    assert hashlib.sha256(b"").digest() == EMPTY_ROOT


@pytest.mark.parametrize("index,size,path", INCLUSION)
def test_reference_inclusion_proofs(index, size, path):
    tree = _tree(size)
    assert [p.hex() for p in tree.inclusion_proof(index)] == path
    root = bytes.fromhex(ROOTS[size])
    leaf = leaf_hash(LEAVES[index])
    proof = [bytes.fromhex(p) for p in path]
    assert inclusion_verify(leaf=leaf, index=index, size=size, proof=proof, root=root)
    # The same proof for another leaf, position or size fails.
    assert not inclusion_verify(
        leaf=leaf_hash(b"x"), index=index, size=size, proof=proof, root=root
    )
    assert not inclusion_verify(leaf=leaf, index=index ^ 1, size=size, proof=proof, root=root)
    assert not inclusion_verify(leaf=leaf, index=size, size=size, proof=proof, root=root)
    assert not inclusion_verify(leaf=leaf, index=index, size=size, proof=proof[:-1], root=root)


@pytest.mark.parametrize("old,new,path", CONSISTENCY)
def test_reference_consistency_proofs(old, new, path):
    assert [p.hex() for p in _tree(new).consistency_proof(old)] == path
    proof = [bytes.fromhex(p) for p in path]
    roots = {"old_root": bytes.fromhex(ROOTS[old]), "new_root": bytes.fromhex(ROOTS[new])}
    assert consistency_verify(old_size=old, new_size=new, proof=proof, **roots)
    assert not consistency_verify(old_size=old, new_size=new, proof=proof[1:], **roots)
    tampered = {**roots, "old_root": node_hash(roots["old_root"], roots["old_root"])}
    assert not consistency_verify(old_size=old, new_size=new, proof=proof, **tampered)


@given(st.integers(min_value=1, max_value=70), st.data())
def test_every_proof_of_every_size_verifies(size, data):
    leaves = [leaf_hash(i.to_bytes(4, "big")) for i in range(size)]
    tree = MerkleTree(leaves)
    index = data.draw(st.integers(min_value=0, max_value=size - 1))
    assert inclusion_verify(
        leaf=leaves[index],
        index=index,
        size=size,
        proof=tree.inclusion_proof(index),
        root=tree.root(),
    )
    old = data.draw(st.integers(min_value=1, max_value=size))
    assert consistency_verify(
        old_size=old,
        new_size=size,
        old_root=MerkleTree(leaves[:old]).root(),
        new_root=tree.root(),
        proof=tree.consistency_proof(old),
    )


def _recursive_root(leaves):
    # RFC 9162 §2.1.1 as written: split at the largest power of two below the size.
    if len(leaves) == 1:
        return leaves[0]
    k = 1 << ((len(leaves) - 1).bit_length() - 1)
    return node_hash(_recursive_root(leaves[:k]), _recursive_root(leaves[k:]))


@given(st.integers(min_value=1, max_value=200))
def test_the_level_tree_is_the_rfc_tree(size):
    leaves = [leaf_hash(i.to_bytes(4, "big")) for i in range(size)]
    assert MerkleTree(leaves).root() == _recursive_root(leaves)
