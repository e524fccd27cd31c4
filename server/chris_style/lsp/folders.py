"""The workspace's folders: the client's folders (or its root URI) and the innermost one holding a file."""

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional

from pygls.uris import to_fs_path
from pygls.workspace import Workspace

logger = logging.getLogger(__name__)


@dataclass
class Folder:
    uri: str
    path: Path


def workspace_folders(workspace: Workspace) -> List[Folder]:
    """The open folders; the root URI counts as one when the client sends no folders."""
    uris = [folder.uri for folder in workspace.folders.values()]
    if not uris and workspace.root_uri:
        uris = [workspace.root_uri]
    folders = []
    for uri in uris:
        path = to_fs_path(uri)
        if path is not None:
            folders.append(Folder(uri.rstrip("/"), Path(path)))
    return folders


def folder_of(folders: List[Folder], path: Optional[Path]) -> Optional[Folder]:
    """The innermost folder holding `path`."""
    if path is None:
        return None
    holding = [folder for folder in folders if path == folder.path or folder.path in path.parents]
    return max(holding, key=lambda folder: len(folder.path.parts), default=None)
