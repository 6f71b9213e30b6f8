package lifeboat.spi;

/** What a tree entry is. Hard links are files whose {@link TreeEntry#inode()} repeats; the core pairs them. */
public enum EntryType {
    FILE,
    DIRECTORY,
    SYMLINK
}
