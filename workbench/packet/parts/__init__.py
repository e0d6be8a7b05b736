"""The parts of the meeting packet, one module per part (listed with their keys in `drafts.kinds.PACKET_PARTS`).

Each module offers `draft_<key>(context)` returning its documents (none, one or several); `packet.assemble`
calls them in the registry's order. `common.py` holds what they share.
"""
