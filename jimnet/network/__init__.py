"""The network map: members, support, ties, snapshots; graph, analysis, layout, import/export."""

from jimnet.network import permissions as permissions  # registers view_network / edit_network
