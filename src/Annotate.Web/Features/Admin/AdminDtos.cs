namespace Annotate.Web.Features.Admin;

public sealed record UserRow(string Id, string Email, string? DisplayName, bool IsAdmin, bool IsDisabled, DateTime CreatedAt, int ProjectCount);

public sealed record UserQuery(int Page = 0, int PageSize = 25, string? Search = null, string? SortBy = null, bool Descending = false);

public sealed record CreateUserRequest(string Email, string? DisplayName, string Password, bool IsAdmin);
