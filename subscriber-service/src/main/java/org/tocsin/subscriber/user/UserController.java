package org.tocsin.subscriber.user;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.Set;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.tocsin.platform.security.Role;

@RestController
@RequestMapping("/api/v1/users")
@PreAuthorize("hasRole('ADMIN')")
@Tag(name = "Users")
class UserController {

    /** A new API user; the password is stored encoded and never shown again. */
    record NewUser(String name, String password, Set<Role> roles) {
    }

    /** What to change; a missing field stays as it is. {@code enabled: false} stops the user signing in anywhere. */
    record UserChange(String password, Set<Role> roles, Boolean enabled) {
    }

    private final UserService users;

    UserController(UserService users) {
        this.users = users;
    }

    @GetMapping
    @Operation(summary = "API users managed here (ADMIN); configured users are not listed")
    List<UserService.ApiUser> all() {
        return users.all();
    }

    @PostMapping
    @Operation(summary = "Create an API user (ADMIN); every service accepts them within seconds")
    ResponseEntity<UserService.ApiUser> create(@RequestBody NewUser body, Principal admin) {
        var user = users.create(body.name(), body.password(), body.roles(), admin.getName());
        return ResponseEntity.created(URI.create("/api/v1/users/" + user.name())).body(user);
    }

    @PatchMapping("/{name}")
    @Operation(summary = "Change a user's password, roles or whether they may sign in (ADMIN)")
    UserService.ApiUser change(@PathVariable String name, @RequestBody UserChange body, Principal admin) {
        return users.change(name, body.password(), body.roles(), body.enabled(), admin.getName());
    }
}
