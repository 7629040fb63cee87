"""中文: prefixes, unexpected errors and the operating system's refusals."""

MESSAGES: dict[str, str] = {
    "warning.prefix": "警告：",
    "error.prefix": "错误：",
    "error.unexpected": "意外错误：{error}（设置 BRANCHTUI_DEBUG=1 查看详情）",
    "os.EACCES": "没有权限",
    "os.EPERM": "不允许的操作",
    "os.ENOENT": "文件或目录不存在",
    "os.EEXIST": "已存在同名的文件",
    "os.ENOTDIR": "路径中有一段不是目录",
    "os.EISDIR": "这是一个目录",
    "os.EROFS": "文件系统只读",
    "os.ENOSPC": "磁盘空间不足",
    "os.EDQUOT": "超出磁盘配额",
    "os.ENAMETOOLONG": "文件名太长",
    "os.ELOOP": "符号链接层数过多",
}
